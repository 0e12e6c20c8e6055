import { type Questionnaire, questionnaireSchema } from './questionnaire.ts';

const yesNo = [
  { value: 'oui', label: 'Oui' },
  { value: 'non', label: 'Non' },
];

const JOB_FAMILIES = [
  ['production', 'Production, fabrication'],
  ['maintenance', 'Maintenance, installation'],
  ['btp', 'Bâtiment, travaux publics'],
  ['logistique', 'Transport, logistique'],
  ['commerce', 'Commerce, vente'],
  ['hotellerie', 'Hôtellerie, restauration'],
  ['numerique', 'Informatique, numérique'],
  ['administratif', 'Administration, gestion, comptabilité'],
  ['ingenierie', 'Ingénierie, études'],
  ['sante_social', 'Santé, action sociale'],
  ['services', 'Services aux personnes, propreté'],
].map(([value, label]) => ({ value: value!, label: label! }));

const TRAINING = [
  ['securite', 'Sécurité, habilitations'],
  ['numerique', 'Outils numériques'],
  ['management', 'Management, encadrement'],
  ['technique', 'Compétences techniques du métier'],
  ['langues', 'Langues'],
  ['transition', 'Transition écologique, énergie'],
  ['commercial', 'Relation client, vente'],
].map(([value, label]) => ({ value: value!, label: label! }));

/** The GTEC questionnaire that ships (docs/gtec.md#questionnaire), version 1. A change is a new version, never an edit. */
export const DEFAULT_GTEC_QUESTIONNAIRE: Questionnaire = questionnaireSchema.parse({
  id: 'gtec',
  version: 1,
  title: 'Enquête emploi et compétences du territoire (GTEC)',
  intro: 'Vos réponses restent confidentielles : les résultats publiés ne montrent aucun chiffre calculé sur moins de 3 entreprises.',
  questions: [
    {
      id: 'hiring',
      kind: 'hiring',
      label: 'Vos intentions de recrutement pour les 12 prochains mois, par métier',
      jobFamilies: JOB_FAMILIES,
    },
    { id: 'difficulties', kind: 'single', required: true, label: 'Rencontrez-vous des difficultés de recrutement ?', options: yesNo },
    {
      id: 'difficulty_reasons',
      kind: 'multiple',
      label: 'Si oui, pour quelles raisons ?',
      options: [
        { value: 'candidats', label: 'Manque de candidats' },
        { value: 'competences', label: 'Compétences insuffisantes' },
        { value: 'mobilite', label: 'Mobilité, transport' },
        { value: 'logement', label: 'Logement' },
        { value: 'conditions', label: 'Conditions de travail, horaires' },
        { value: 'salaires', label: 'Niveau de salaire' },
      ],
    },
    { id: 'skills_shortages', kind: 'text', label: 'Quelles compétences vous manquent le plus ?', maxLength: 1000 },
    { id: 'training_needs', kind: 'multiple', label: 'Vos besoins de formation, par thème', options: TRAINING },
    {
      id: 'work_study',
      kind: 'scale',
      label: 'Intérêt pour l’alternance ou un GEIQ',
      min: 1,
      max: 5,
      minLabel: 'Aucun',
      maxLabel: 'Très fort',
    },
    {
      id: 'employers_group',
      kind: 'single',
      label: 'Seriez-vous intéressé par un groupement d’employeurs ?',
      options: [...yesNo, { value: 'nsp', label: 'Je ne sais pas' }],
    },
    { id: 'retirements', kind: 'number', label: 'Départs en retraite prévus dans les 3 ans', min: 0, max: 10_000 },
  ],
});
