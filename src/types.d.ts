/** A card brand id; `unknown` until the digits tell. */
export type BrandId =
  | 'visa' | 'mastercard' | 'amex' | 'diners' | 'discover' | 'jcb' | 'unionpay' | 'maestro'
  | 'elo' | 'hipercard' | 'hiper' | 'cabal' | 'naranja' | 'mir' | 'uatp' | 'unknown';

/** A field of the form. */
export type FieldName = 'number' | 'expiry' | 'cvc' | 'holderName';

/** A supported locale. */
export type Locale = 'en' | 'es' | 'pt';

/** The code of an `EnrollmentError`. */
export type EnrollmentErrorCode =
  | 'TOKEN_MALFORMED' | 'TOKEN_PREFIX_INVALID' | 'SESSION_EXPIRED' | 'SESSION_INVALID'
  | 'CONTAINER_NOT_FOUND' | 'OPTIONS_INVALID' | 'INSECURE_API_BASE' | 'VALIDATION_FAILED'
  | 'CARD_DECLINED' | 'SESSION_LOCKED' | 'SESSION_ALREADY_PAID' | 'NETWORK_ERROR'
  | 'SERVER_ERROR' | 'UNMOUNTED';

/** The key of a visible text, for `options.messages`. */
export type MessageKey =
  | 'formLabel' |
  'numberLabel' |
  'numberPlaceholder' |
  'expiryLabel' |
  'expiryPlaceholder' |
  'cvcLabel' |
  'cvcPlaceholder' |
  'holderNameLabel' |
  'holderNamePlaceholder' |
  'submitButton' |
  'submitting' |
  'brandDetected' |
  'brandUnknown' |
  'enrolled' |
  'numberRequired' |
  'numberIncomplete' |
  'numberInvalid' |
  'numberUnknownBrand' |
  'expiryRequired' |
  'expiryIncomplete' |
  'expiryInvalid' |
  'expiryPast' |
  'expiryTooFar' |
  'cvcRequired' |
  'cvcIncomplete' |
  'cvcInvalid' |
  'holderNameRequired' |
  'holderNameTooShort' |
  'holderNameTooLong' |
  'holderNameInvalid' |
  'tokenMalformed' |
  'tokenPrefixInvalid' |
  'tokenForCheckout' |
  'tokenForEnrollment' |
  'sessionExpired' |
  'sessionInvalid' |
  'containerNotFound' |
  'optionsInvalid' |
  'insecureApiBase' |
  'validationFailed' |
  'cardDeclined' |
  'sessionLocked' |
  'sessionAlreadyPaid' |
  'networkError' |
  'serverError' |
  'unmounted' |
  'declineInsufficientFunds' |
  'declineDeclinedByBank' |
  'declineDoNotHonor' |
  'declineInvalidSecurityCode' |
  'declineInvalidCardData' |
  'declineReportedStolen' |
  'savedCardsLegend' |
  'savedCardExpires' |
  'savedCardExpired' |
  'noSavedCards' |
  'payButton' |
  'paying' |
  'paymentSucceeded';

/** The Customer Session object the merchant's backend creates. */
export interface CustomerSession {
  id?: string;
  customer_id?: string;
  status: 'ACTIVE' | 'EXPIRED' | (string & {});
  sdk_token: string;
  /** ISO 8601. */
  expires_at: string;
  created_at?: string;
}

/** Every rejection and every `onError` call: a real `Error`. */
export interface EnrollmentError extends Error {
  name: 'EnrollmentError';
  code: EnrollmentErrorCode;
  /** Localized. */
  message: string;
  /** Whether submitting again may succeed. */
  retryable: boolean;
  field?: FieldName;
  /** Set with `CARD_DECLINED`, e.g. `INSUFFICIENT_FUNDS`. */
  declineReason?: string;
}

/** One field in `EnrollmentState`. */
export interface FieldState {
  valid: boolean;
  potentiallyValid: boolean;
  empty: boolean;
}

/** What `onChange` receives: never the card number nor the CVC. */
export interface EnrollmentState {
  brand: BrandId;
  complete: boolean;
  empty: boolean;
  fields: Record<FieldName, FieldState>;
  /** Only once the number is complete and valid. */
  last4?: string;
}

/** The masked card of an enrollment. */
export interface EnrolledPaymentMethod {
  id: string;
  brand: BrandId;
  last4: string;
  expMonth: number;
  expYear: number;
  holderName: string;
}

/** What `submit()` resolves and `onSuccess` receives. */
export interface EnrollmentResult {
  status: 'ENROLLED';
  vaultedToken: string;
  paymentMethod: EnrolledPaymentMethod;
}

/** A saved card from `listPaymentMethods()`. */
export interface SavedPaymentMethod extends EnrolledPaymentMethod {
  vaultedToken: string;
}

/** The options of `initEnrollment`. */
export interface EnrollmentOptions {
  /** A CSS selector or the element to render into. */
  container: string | HTMLElement;
  /** Origin of the vault API; default: the page's origin. */
  apiBase?: string;
  /** Default: from `navigator.language`, then `en`. */
  locale?: Locale;
  /** Overrides of any visible text. */
  messages?: Partial<Record<MessageKey, string>>;
  /** `true`: no submit button; call `enrollment.submit()`. */
  hideSubmitButton?: boolean;
  onReady?: () => void;
  onChange?: (state: EnrollmentState) => void;
  onLoading?: (isLoading: boolean) => void;
  onSuccess?: (result: EnrollmentResult) => void;
  onError?: (error: EnrollmentError) => void;
}

/** `validateCardNumber`'s result. */
export interface CardNumberValidation {
  brand: BrandId;
  isValid: boolean;
  isPotentiallyValid: boolean;
  formatted: string;
  gaps: number[];
  lengths: number[];
  cvcLength: number;
}

/** `validateExpiry`'s result; `month`/`year` are `null` while unknown. */
export interface ExpiryValidation {
  month: number | null;
  year: number | null;
  isValid: boolean;
  isPotentiallyValid: boolean;
}

/** `validateCvc`'s result. */
export interface CvcValidation {
  isValid: boolean;
  isPotentiallyValid: boolean;
}

/** `parseSdkToken`'s result; `sessionId`/`expiresAt` are `null` for an opaque token. */
export interface SdkTokenInfo {
  environment: 'live' | 'test';
  sessionId: string | null;
  /** ISO 8601. */
  expiresAt: string | null;
}

/** An amount of a Checkout Session: `value` in major units (`49.9` is 49.90), as created. */
export interface Amount {
  value: number;
  /** ISO 4217, e.g. `USD`. */
  currency: string;
}

/**
 * The Checkout Session object the merchant's backend creates. Passing it (rather than its bare
 * `sdk_token`) saves `initCheckout` one request: the amount is read from it. With a bare token,
 * `initCheckout` fetches the session's amount from the API before drawing.
 */
export interface CheckoutSession {
  id?: string;
  customer_id?: string;
  amount?: Amount;
  status: 'ACTIVE' | 'EXPIRED' | 'PAID' | (string & {});
  sdk_token: string;
  /** ISO 8601. */
  expires_at: string;
  created_at?: string;
}

/** The options of `initCheckout`. */
export interface CheckoutOptions {
  /** A CSS selector or the element to render into. */
  container: string | HTMLElement;
  /** Origin of the vault API; default: the page's origin. */
  apiBase?: string;
  /** Default: from `navigator.language`, then `en`; also formats the amount. */
  locale?: Locale;
  /** Overrides of any visible text (`payButton` keeps its `{amount}` placeholder). */
  messages?: Partial<Record<MessageKey, string>>;
  /** `true`: no Pay button; call `checkout.pay()`. */
  hideSubmitButton?: boolean;
  /** The saved cards are drawn (after `initCheckout` loaded them). */
  onReady?: () => void;
  /** A payment starts (`true`) or ends (`false`). */
  onLoading?: (isLoading: boolean) => void;
  onSuccess?: (payment: Payment) => void;
  onError?: (error: EnrollmentError) => void;
}

/** What `checkout.pay()` resolves and `onSuccess` receives. */
export interface Payment {
  id: string;
  status: 'SUCCEEDED';
  amount: Amount;
  /** The saved card that paid (masked). */
  paymentMethod: { vaultedToken: string; brand: BrandId; last4: string };
  /** ISO 8601. */
  createdAt: string;
}
