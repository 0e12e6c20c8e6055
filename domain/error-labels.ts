/**
 * What the common error codes of a failed step mean, in French, for the staff reading an execution
 * (back-office, `pole-admin execution`). The code itself is always shown beside its explanation: it
 * is what the ASL's Retry and Catch match on, and what an engineer searches for. Codes are open (any
 * error name a function throws), so a code without an entry is shown alone.
 */

const THROTTLED = 'Service AWS saturé (limite de débit atteinte)';
const LAMBDA_DOWN = 'Service AWS Lambda momentanément indisponible';

/** The common error codes' French explanations, by code (Step Functions', Lambda's, AWS throttles, ours). */
export const ERROR_LABELS: Readonly<Record<string, string>> = {
  // Step Functions' own errors
  'States.Timeout': 'Délai dépassé : l’étape n’a pas abouti dans le temps prévu',
  'States.HeartbeatTimeout': 'L’étape ne donnait plus signe de vie',
  'States.TaskFailed': 'La tâche a échoué',
  'States.Runtime': 'Erreur dans le déroulement du workflow (donnée absente ou mal formée)',
  'States.DataLimitExceeded': 'Données trop volumineuses pour passer d’une étape à la suivante',
  'States.Permissions': 'Droits insuffisants pour cette étape',
  'States.BranchFailed': 'Une branche de l’étape a échoué',
  'States.ExceedToleratedFailureThreshold': 'Trop d’éléments de la boucle en échec',
  // Lambda, as Step Functions reports it
  'Lambda.ServiceException': LAMBDA_DOWN,
  'Lambda.AWSLambdaException': LAMBDA_DOWN,
  'Lambda.SdkClientException': 'Appel de la fonction interrompu (réseau)',
  'Lambda.ClientExecutionTimeoutException': 'Appel de la fonction resté sans réponse',
  'Lambda.TooManyRequestsException': 'Trop de fonctions lancées en même temps (limite AWS)',
  'Lambda.Unknown': 'La fonction s’est arrêtée sans réponse (mémoire ou durée maximale dépassée)',
  'Sandbox.Timedout': 'La fonction a dépassé sa durée maximale',
  'Runtime.ExitError': 'La fonction s’est arrêtée brutalement',
  // Throttles of DynamoDB, SES and the SDK
  ProvisionedThroughputExceededException: THROTTLED,
  ThrottlingException: THROTTLED,
  Throttling: THROTTLED,
  TooManyRequestsException: THROTTLED,
  LimitExceededException: THROTTLED,
  RequestLimitExceeded: THROTTLED,
  AccessDeniedException: 'Accès refusé par AWS (droits de la fonction)',
  InternalServerError: 'Erreur interne d’un service AWS',
  // Ours
  MailInFlight: 'Un mail était déjà en cours d’envoi par une autre tentative',
  'Local.RuntimeStopped': 'Le serveur local s’arrêtait : l’exécution reprend à son prochain démarrage',
  ApprovalExpired: 'Brouillons non validés dans les 30 jours',
  CategoryWithoutPayer: 'Une catégorie de coûts n’a aucun membre pour la porter : données du trimestre à corriger',
  InconsistentData: 'Données du trimestre incohérentes, à corriger',
  ValidationError: 'Données invalides',
  ConflictError: 'Conflit avec l’état enregistré',
  NotFoundError: 'Élément introuvable',
  Error: 'Erreur technique inattendue',
  TypeError: 'Erreur technique inattendue',
  RangeError: 'Valeur hors des limites prévues',
};

/** The French explanation of an error code, if it is a common one. */
export const errorLabel = (code: string): string | undefined => (Object.hasOwn(ERROR_LABELS, code) ? ERROR_LABELS[code] : undefined);

/** « Délai dépassé : … (States.Timeout) »: the explanation with the code, or the code alone. */
export function errorText(code: string): string {
  const label = errorLabel(code);
  return label ? `${label} (${code})` : code;
}
