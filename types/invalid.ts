// Misuses the declarations must refuse. Each line below it would compile were the types too loose,
// and `@ts-expect-error` then fails the check as unused.
import {
  initCheckout,
  initEnrollment,
  parseSdkToken,
  validateCardNumber,
  validateCvc,
  validateExpiry,
  type Checkout,
  type CheckoutOptions,
  type Enrollment,
  type EnrollmentError,
  type EnrollmentOptions,
  type EnrollmentState,
} from '../pkg/enrollment_sdk.js';

declare const enrollment: Enrollment;
declare const state: EnrollmentState;
declare const error: EnrollmentError;

// @ts-expect-error: container is required
const noContainer: EnrollmentOptions = { locale: 'en' };

// @ts-expect-error: only en, es and pt
const french: EnrollmentOptions = { container: '#f', locale: 'fr' };

// @ts-expect-error: messages keys are the catalog's
const badKey: EnrollmentOptions = { container: '#f', messages: { submitButon: 'Save' } };

// @ts-expect-error: message texts are strings
const badText: EnrollmentOptions = { container: '#f', messages: { submitButton: 1 } };

// @ts-expect-error: callbacks are functions
const badCallback: EnrollmentOptions = { container: '#f', onSuccess: 'done' };

// @ts-expect-error: onLoading receives a boolean
const badLoading: EnrollmentOptions = { container: '#f', onLoading: (n: number) => n };

// @ts-expect-error: hideSubmitButton is a boolean
const badHide: EnrollmentOptions = { container: '#f', hideSubmitButton: 'yes' };

// @ts-expect-error: container is a selector or an element
const badContainer: EnrollmentOptions = { container: 42 };

// @ts-expect-error: unknown option
const typo: EnrollmentOptions = { container: '#f', onSucess() {} };

// @ts-expect-error: the token is a string or a session object
void initEnrollment(42, { container: '#f' });

// @ts-expect-error: a session object needs its sdk_token
void initEnrollment({ status: 'ACTIVE', expires_at: '2026-01-01T00:00:00Z' }, { container: '#f' });

// @ts-expect-error: options are required
void initEnrollment('cstok_test_x');

// @ts-expect-error: initEnrollment returns a promise, not an Enrollment
const notAwaited: Enrollment = initEnrollment('cstok_test_x', { container: '#f' });

// @ts-expect-error: submit resolves an EnrollmentResult, not a string
const submitted: Promise<string> = enrollment.submit();

// @ts-expect-error: brand ids are a closed set
const brand: 'visa' | 'amex' = state.brand;

// @ts-expect-error: no such field
void state.fields.cardNumber;

// @ts-expect-error: state carries no card number
void state.number;

// @ts-expect-error: codes are a closed set
const code: 'NOPE' = error.code;

// @ts-expect-error: retryable is a boolean
const retryable: string = error.retryable;

// @ts-expect-error: month may be null
const month: number = validateExpiry('11/28').month;

// @ts-expect-error: today is a Date
void validateExpiry('11/28', '2026-11-24');

// @ts-expect-error: validateCvc's brand is a brand id
void validateCvc('123', 'visaa');

// @ts-expect-error: isValid is a boolean
const valid: string = validateCardNumber('4').isValid;

// @ts-expect-error: sessionId may be null
const sessionId: string = parseSdkToken('cstok_test_x').sessionId;

// @ts-expect-error: no checkout yet
void enrollment.pay();

void [noContainer, french, badKey, badText, badCallback, badLoading, badHide, badContainer, typo];
void [notAwaited, submitted, brand, code, retryable, month, valid, sessionId];

declare const checkout: Checkout;

// @ts-expect-error: the pane has no fields to report: no onChange
const checkoutChange: CheckoutOptions = { container: '#c', onChange() {} };

// @ts-expect-error: container is required
const checkoutNoContainer: CheckoutOptions = { locale: 'es' };

// @ts-expect-error: options are required
void initCheckout('chtok_test_x');

// @ts-expect-error: pay resolves a Payment, not a string
const paidString: Promise<string> = checkout.pay();

// @ts-expect-error: a Checkout has no submit()
void checkout.submit();
