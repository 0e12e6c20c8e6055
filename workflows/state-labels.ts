import type { WorkflowName } from './names.ts';

/**
 * The French name of every state of every workflow, as the staff read it (back-office execution
 * page, `pole-admin execution`); the ASL state name stays beside it for engineers. The state names
 * are read from the ASL files' types, so a state without its label, or a label for a state that no
 * longer exists, does not compile (tests/unit/state-labels.test.ts checks the files themselves too).
 * Type imports only: the back-office's browser bundle takes this module without the ASL files.
 */

type Asl = {
  'member-onboarding': typeof import('./member-onboarding.asl.json', { with: { type: 'json' }});
  'quarterly-reconciliation': typeof import('./quarterly-reconciliation.asl.json', { with: { type: 'json' }});
  'gtec-campaign': typeof import('./gtec-campaign.asl.json', { with: { type: 'json' }});
};

/** The names of a machine's states, those of its Map processors and Parallel branches included. */
type StateNamesOf<M> = M extends { States: infer S } ? { [K in keyof S & string]: K | NestedStateNames<S[K]> }[keyof S & string] : never;
type NestedStateNames<S> = S extends { ItemProcessor: infer P }
  ? StateNamesOf<P>
  : S extends { Iterator: infer P }
    ? StateNamesOf<P>
    : S extends { Branches: readonly (infer B)[] }
      ? StateNamesOf<B>
      : never;

/** Every state name of a workflow's ASL file. */
export type StateName<W extends WorkflowName> = StateNamesOf<Asl[W]>;

/** Each workflow's states by their French labels: Choice states as the question they ask, Succeed and Fail states as « Fin : … ». */
export const STATE_LABELS: { [W in WorkflowName]: Record<StateName<W>, string> } = {
  'member-onboarding': {
    RecordApplication: 'Enregistrement de la candidature',
    CheckApplication: 'Contrôles automatiques',
    ChecksPassed: 'Contrôles réussis ?',
    PlanCommitteeWait: 'Rappel au comité et prochaine échéance',
    HasExpired: 'Délai du comité dépassé ?',
    AwaitCommitteeDecision: 'Décision du comité',
    IsApproved: 'Candidature approuvée ?',
    ActivateMember: 'Activation du membre',
    NotifyWelcome: 'Mail de bienvenue',
    NotifyRejection: 'Mail de refus',
    ExpireApplication: 'Expiration de la candidature',
    NotifyExpiry: 'Mail d’expiration',
    Onboarded: 'Fin : membre accueilli',
    Rejected: 'Fin : candidature refusée',
    Expired: 'Fin : candidature expirée',
  },
  'quarterly-reconciliation': {
    OpenQuarter: 'Ouverture du trimestre',
    AlreadyPosted: 'Trimestre déjà comptabilisé ?',
    ComputeDraft: 'Calcul des brouillons',
    PlanApprovalWait: 'Rappel à l’équipe et prochaine échéance',
    ApprovalWaitOver: 'Délai de validation dépassé ?',
    AwaitApproval: 'Validation des brouillons',
    IsApproved: 'Brouillons approuvés ?',
    PostQuarter: 'Comptabilisation du trimestre',
    MailStatements: 'Envoi des relevés aux membres',
    MoreToMail: 'Reste-t-il des relevés à envoyer ?',
    NothingToDo: 'Fin : trimestre déjà comptabilisé',
    Posted: 'Fin : trimestre comptabilisé',
    ApprovalExpired: 'Fin : validation non reçue à temps',
  },
  'gtec-campaign': {
    PrepareCampaign: 'Préparation de la campagne',
    SendRound: 'Grande campagne ?',
    SendPages: 'Envoi des mails, page par page',
    SendPage: 'Envoi d’une page d’invitations ou de relances',
    SendPagesDistributed: 'Envoi des mails, page par page (grande campagne)',
    SendPageInChild: 'Envoi d’une page (exécution à part)',
    AfterRound: 'Reste-t-il une relance ?',
    NextRound: 'Passage à la relance suivante',
    WaitForReminder: 'Attente de la date de relance',
    WaitForClose: 'Attente de la clôture',
    CloseCampaign: 'Clôture de la campagne',
    PublishResults: 'Publication des résultats',
    Published: 'Fin : résultats publiés',
  },
};

/** A state's French label; the state's own name for one no label knows (an unknown workflow, an older definition). */
export function stateLabel(workflow: string, state: string): string {
  const labels = STATE_LABELS[workflow as WorkflowName] as Record<string, string> | undefined;
  return (labels && Object.hasOwn(labels, state) ? labels[state] : undefined) ?? state;
}

/** « Activation du membre (ActivateMember) »: the label with the state's name, where one line says both. */
export function stateTitle(workflow: string, state: string): string {
  const label = stateLabel(workflow, state);
  return label === state ? state : `${label} (${state})`;
}
