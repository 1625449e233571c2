// Every use of the public API that a merchant may write must compile against the generated
// declarations (pkg/enrollment_sdk.d.ts).
import init, {
  initCheckout,
  initEnrollment,
  parseSdkToken,
  validateCardNumber,
  validateCvc,
  validateExpiry,
  type BrandId,
  type Checkout,
  type CheckoutOptions,
  type CheckoutSession,
  type Payment,
  type CustomerSession,
  type Enrollment,
  type EnrollmentError,
  type EnrollmentErrorCode,
  type EnrollmentOptions,
  type EnrollmentResult,
  type EnrollmentState,
  type FieldName,
  type SavedPaymentMethod,
} from '../pkg/enrollment_sdk.js';

async function main(): Promise<void> {
  await init();

  const session: CustomerSession = {
    id: 'cs_1',
    customer_id: 'c_1',
    status: 'ACTIVE',
    sdk_token: 'cstok_test_…',
    expires_at: '2026-11-24T04:00:00.000Z',
    created_at: '2026-11-24T03:00:00.000Z',
  };

  const options: EnrollmentOptions = {
    container: '#card-form',
    apiBase: 'https://vault.example',
    locale: 'es',
    messages: { submitButton: 'Add card', numberLabel: 'Card no.' },
    hideSubmitButton: false,
    onReady() {},
    onChange(state: EnrollmentState) {
      const brand: BrandId = state.brand;
      const complete: boolean = state.complete && !state.empty;
      const numberValid: boolean = state.fields.number.valid && state.fields.holderName.potentiallyValid;
      const last4: string | undefined = state.last4;
      void [brand, complete, numberValid, last4];
    },
    onLoading(isLoading: boolean) {
      void isLoading;
    },
    onSuccess(result: EnrollmentResult) {
      const token: string = result.vaultedToken;
      const status: 'ENROLLED' = result.status;
      const { id, brand, last4, expMonth, expYear, holderName } = result.paymentMethod;
      const n: number = expMonth + expYear;
      void [token, status, id, brand, last4, n, holderName];
    },
    onError(error: EnrollmentError) {
      const code: EnrollmentErrorCode = error.code;
      const retry: boolean = error.retryable;
      const field: FieldName | undefined = error.field;
      const reason: string | undefined = error.declineReason;
      const asError: Error = error;
      void [code, retry, field, reason, asError.message];
    },
  };

  const enrollment: Enrollment = await initEnrollment(session, options);
  await initEnrollment('cstok_test_…', { container: document.createElement('div') });

  const result: EnrollmentResult = await enrollment.submit();
  const saved: SavedPaymentMethod[] = await enrollment.listPaymentMethods();
  const first: string | undefined = saved[0]?.vaultedToken;
  enrollment.updateToken('cstok_test_…');
  enrollment.updateToken(session);
  enrollment.unmount();
  void [result, first];

  try {
    await enrollment.submit();
  } catch (e) {
    const err = e as EnrollmentError;
    if (err.code === 'UNMOUNTED' || err.code === 'SESSION_EXPIRED') void err.message;
  }

  const card = validateCardNumber('4507 9900 0000 0002');
  const gaps: number[] = card.gaps;
  const lengths: number[] = card.lengths;
  const cvcLength: number = card.cvcLength + (card.isValid && card.isPotentiallyValid ? 1 : 0);
  const formatted: string = card.formatted;
  const brand: BrandId = card.brand;

  const expiry = validateExpiry('11/28', new Date());
  const month: number | null = expiry.month;
  const year: number | null = validateExpiry('11/28').year;
  const cvc = validateCvc('123', 'amex');
  const cvcOk: boolean = cvc.isValid || validateCvc('12').isPotentiallyValid;

  const info = parseSdkToken('cstok_test_…', new Date());
  const env: 'live' | 'test' = info.environment;
  const sessionId: string | null = info.sessionId;
  const expiresAt: string | null = parseSdkToken('cstok_test_…').expiresAt;
  void [gaps, lengths, cvcLength, formatted, brand, month, year, cvcOk, env, sessionId, expiresAt];

  // One-click payment with a saved card.
  const checkoutSession: CheckoutSession = {
    id: 'chk_1',
    customer_id: 'c_1',
    amount: { value: 49.9, currency: 'USD' },
    status: 'ACTIVE',
    sdk_token: 'chtok_test_…',
    expires_at: '2026-11-24T04:00:00.000Z',
  };
  const checkoutOptions: CheckoutOptions = {
    container: '#checkout',
    apiBase: 'https://vault.example',
    locale: 'pt',
    messages: { payButton: 'Pay {amount} now' },
    hideSubmitButton: false,
    onReady() {},
    onLoading(isLoading: boolean) {
      void isLoading;
    },
    onSuccess(payment: Payment) {
      const { vaultedToken, brand: paidBrand, last4 } = payment.paymentMethod;
      const value: number = payment.amount.value;
      void [payment.id, payment.status, payment.createdAt, payment.amount.currency, vaultedToken, paidBrand, last4, value];
    },
    onError(error: EnrollmentError) {
      if (error.code === 'SESSION_ALREADY_PAID' || error.code === 'CARD_DECLINED') void error.declineReason;
    },
  };
  const checkout: Checkout = await initCheckout(checkoutSession, checkoutOptions);
  await initCheckout('chtok_test_…', { container: document.createElement('div') });
  const payment: Payment = await checkout.pay();
  checkout.unmount();
  void payment;
}

void main;
