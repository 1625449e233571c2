// The demo merchant page: gets a Customer Session from the sandbox's demo backend, mounts the card
// form of enrollment-sdk, and shows what a merchant sees (attempts, saved cards, webhooks).
// It imports the built package exactly as a merchant imports it from npm.
import init, { initEnrollment } from '/pkg/enrollment_sdk.js';

const LOCALES = ['en', 'es', 'pt'];

// The page's own texts; the form's texts come from the SDK in the same locale.
const TEXTS = {
  en: {
    title: 'Save a card · Northwind',
    skipToForm: 'Skip to the card form',
    sandboxTag: 'Sandbox',
    langLabel: 'Language',
    heroTitle: 'Save a card for one-click checkout',
    heroLead: 'The card form below is rendered by enrollment-sdk. The card goes straight to the vault; this page only ever receives a token.',
    formTitle: 'Add a card',
    secureNote: 'Encrypted and vaulted',
    sessionTitle: 'Customer session',
    sessionId: 'Session',
    sessionStatus: 'Status',
    sessionExpires: 'Expires',
    statusActive: 'Active',
    statusExpired: 'Expired',
    expiresIn: 'in {time}',
    expireSession: 'Expire session',
    newSession: 'Start a new session',
    loadingForm: 'Loading the card form…',
    stateBrand: 'Brand',
    stateComplete: 'ready to submit',
    stateIncomplete: 'incomplete',
    attemptsTitle: 'Attempts',
    attemptsEmpty: 'Submit the form to see the result of each attempt here.',
    processing: 'Processing…',
    attemptEnrolled: 'Card saved',
    attemptDeclined: 'Card declined',
    attemptError: 'Not saved',
    fToken: 'Vaulted token',
    fCard: 'Card',
    fExpiry: 'Expires',
    fHolder: 'Cardholder',
    fReason: 'Decline reason',
    fCode: 'Error code',
    fRetryable: 'Retryable',
    yes: 'yes',
    no: 'no',
    sessionExpiredHint: 'Start a new session to continue: what you typed stays in the form.',
    renewing: 'Starting a new session…',
    renewed: 'New session started. Your card details are still in the form: submit again.',
    testCardsTitle: 'Test cards',
    testCardsLead: 'Expiry 11/28 (or any future date), CVC 123 (Amex 1234), any name. The last two digits pick the outcome.',
    thCard: 'Card number',
    thOutcome: 'Outcome',
    outEnrolled: 'Enrolled',
    outDeclined: 'Declined',
    outError502: 'Error 502',
    rInsufficientFunds: 'insufficient funds',
    rDeclinedByBank: 'by the bank',
    rDoNotHonor: 'do not honor',
    rInvalidCvc: 'invalid security code',
    rInvalidData: 'invalid card data',
    rStolen: 'reported stolen',
    rRetried: 'enrolled by the automatic retry',
    otherBrands: 'The same endings work with Mastercard 5252 4400 0000 00xx, Amex 3700 000000 000xx and Diners 3647 166000 00xx.',
    savedTitle: 'Saved cards',
    savedEmpty: 'No saved cards yet.',
    savedError: 'The saved cards could not be loaded ({code}).',
    webhooksTitle: 'Webhook events',
    live: 'Live',
    webhooksLead: 'What the demo backend received, each checked against its x-hmac-signature header.',
    webhooksEmpty: 'No events yet.',
    sigValid: 'Signature valid',
    sigInvalid: 'Signature invalid',
    payload: 'Payload',
    fatal: 'The demo could not start: {reason}',
    footer: 'Demo merchant page of enrollment-sdk, served by the sandbox. Test cards only: never type a real card here.',
  },
  es: {
    title: 'Guardar una tarjeta · Northwind',
    skipToForm: 'Ir al formulario de tarjeta',
    sandboxTag: 'Sandbox',
    langLabel: 'Idioma',
    heroTitle: 'Guarda una tarjeta para pagar con un clic',
    heroLead: 'El formulario de abajo lo dibuja enrollment-sdk. La tarjeta va directo a la bóveda; esta página solo recibe un token.',
    formTitle: 'Agregar una tarjeta',
    secureNote: 'Cifrada y guardada en bóveda',
    sessionTitle: 'Sesión del cliente',
    sessionId: 'Sesión',
    sessionStatus: 'Estado',
    sessionExpires: 'Vence',
    statusActive: 'Activa',
    statusExpired: 'Expirada',
    expiresIn: 'en {time}',
    expireSession: 'Expirar la sesión',
    newSession: 'Iniciar una nueva sesión',
    loadingForm: 'Cargando el formulario…',
    stateBrand: 'Marca',
    stateComplete: 'listo para enviar',
    stateIncomplete: 'incompleto',
    attemptsTitle: 'Intentos',
    attemptsEmpty: 'Envía el formulario para ver aquí el resultado de cada intento.',
    processing: 'Procesando…',
    attemptEnrolled: 'Tarjeta guardada',
    attemptDeclined: 'Tarjeta rechazada',
    attemptError: 'No se guardó',
    fToken: 'Token de bóveda',
    fCard: 'Tarjeta',
    fExpiry: 'Vence',
    fHolder: 'Titular',
    fReason: 'Motivo del rechazo',
    fCode: 'Código de error',
    fRetryable: 'Reintentable',
    yes: 'sí',
    no: 'no',
    sessionExpiredHint: 'Inicia una nueva sesión para continuar: lo que escribiste sigue en el formulario.',
    renewing: 'Iniciando una nueva sesión…',
    renewed: 'Nueva sesión iniciada. Los datos de tu tarjeta siguen en el formulario: envíalo de nuevo.',
    testCardsTitle: 'Tarjetas de prueba',
    testCardsLead: 'Vencimiento 11/28 (o cualquier fecha futura), CVC 123 (Amex 1234), cualquier nombre. Los dos últimos dígitos eligen el resultado.',
    thCard: 'Número de tarjeta',
    thOutcome: 'Resultado',
    outEnrolled: 'Guardada',
    outDeclined: 'Rechazada',
    outError502: 'Error 502',
    rInsufficientFunds: 'fondos insuficientes',
    rDeclinedByBank: 'por el banco',
    rDoNotHonor: 'no autorizar',
    rInvalidCvc: 'código de seguridad inválido',
    rInvalidData: 'datos de tarjeta inválidos',
    rStolen: 'denunciada como robada',
    rRetried: 'guardada por el reintento automático',
    otherBrands: 'Los mismos finales sirven con Mastercard 5252 4400 0000 00xx, Amex 3700 000000 000xx y Diners 3647 166000 00xx.',
    savedTitle: 'Tarjetas guardadas',
    savedEmpty: 'Todavía no hay tarjetas guardadas.',
    savedError: 'No se pudieron cargar las tarjetas guardadas ({code}).',
    webhooksTitle: 'Eventos de webhook',
    live: 'En vivo',
    webhooksLead: 'Lo que recibió el backend de demostración, cada uno verificado con su cabecera x-hmac-signature.',
    webhooksEmpty: 'Todavía no hay eventos.',
    sigValid: 'Firma válida',
    sigInvalid: 'Firma inválida',
    payload: 'Contenido',
    fatal: 'La demostración no pudo iniciar: {reason}',
    footer: 'Página de comercio de demostración de enrollment-sdk, servida por el sandbox. Solo tarjetas de prueba: nunca escribas aquí una tarjeta real.',
  },
  pt: {
    title: 'Salvar um cartão · Northwind',
    skipToForm: 'Ir para o formulário do cartão',
    sandboxTag: 'Sandbox',
    langLabel: 'Idioma',
    heroTitle: 'Salve um cartão para pagar com um clique',
    heroLead: 'O formulário abaixo é desenhado pelo enrollment-sdk. O cartão vai direto para o cofre; esta página só recebe um token.',
    formTitle: 'Adicionar um cartão',
    secureNote: 'Criptografado e guardado no cofre',
    sessionTitle: 'Sessão do cliente',
    sessionId: 'Sessão',
    sessionStatus: 'Status',
    sessionExpires: 'Expira',
    statusActive: 'Ativa',
    statusExpired: 'Expirada',
    expiresIn: 'em {time}',
    expireSession: 'Expirar a sessão',
    newSession: 'Iniciar uma nova sessão',
    loadingForm: 'Carregando o formulário…',
    stateBrand: 'Bandeira',
    stateComplete: 'pronto para enviar',
    stateIncomplete: 'incompleto',
    attemptsTitle: 'Tentativas',
    attemptsEmpty: 'Envie o formulário para ver aqui o resultado de cada tentativa.',
    processing: 'Processando…',
    attemptEnrolled: 'Cartão salvo',
    attemptDeclined: 'Cartão recusado',
    attemptError: 'Não foi salvo',
    fToken: 'Token do cofre',
    fCard: 'Cartão',
    fExpiry: 'Validade',
    fHolder: 'Titular',
    fReason: 'Motivo da recusa',
    fCode: 'Código de erro',
    fRetryable: 'Pode tentar de novo',
    yes: 'sim',
    no: 'não',
    sessionExpiredHint: 'Inicie uma nova sessão para continuar: o que você digitou continua no formulário.',
    renewing: 'Iniciando uma nova sessão…',
    renewed: 'Nova sessão iniciada. Os dados do cartão continuam no formulário: envie de novo.',
    testCardsTitle: 'Cartões de teste',
    testCardsLead: 'Validade 11/28 (ou qualquer data futura), CVC 123 (Amex 1234), qualquer nome. Os dois últimos dígitos escolhem o resultado.',
    thCard: 'Número do cartão',
    thOutcome: 'Resultado',
    outEnrolled: 'Salvo',
    outDeclined: 'Recusado',
    outError502: 'Erro 502',
    rInsufficientFunds: 'saldo insuficiente',
    rDeclinedByBank: 'pelo banco',
    rDoNotHonor: 'não autorizar',
    rInvalidCvc: 'código de segurança inválido',
    rInvalidData: 'dados do cartão inválidos',
    rStolen: 'informado como roubado',
    rRetried: 'salvo pela nova tentativa automática',
    otherBrands: 'Os mesmos finais funcionam com Mastercard 5252 4400 0000 00xx, Amex 3700 000000 000xx e Diners 3647 166000 00xx.',
    savedTitle: 'Cartões salvos',
    savedEmpty: 'Ainda não há cartões salvos.',
    savedError: 'Não foi possível carregar os cartões salvos ({code}).',
    webhooksTitle: 'Eventos de webhook',
    live: 'Ao vivo',
    webhooksLead: 'O que o backend de demonstração recebeu, cada um verificado com o seu cabeçalho x-hmac-signature.',
    webhooksEmpty: 'Ainda não há eventos.',
    sigValid: 'Assinatura válida',
    sigInvalid: 'Assinatura inválida',
    payload: 'Conteúdo',
    fatal: 'A demonstração não pôde iniciar: {reason}',
    footer: 'Página de loja de demonstração do enrollment-sdk, servida pelo sandbox. Apenas cartões de teste: nunca digite aqui um cartão real.',
  },
};

const BRAND_NAMES = {
  visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', diners: 'Diners Club',
  discover: 'Discover', jcb: 'JCB', unionpay: 'UnionPay', maestro: 'Maestro', elo: 'Elo',
  hipercard: 'Hipercard', hiper: 'Hiper', cabal: 'Cabal', naranja: 'Naranja', mir: 'Mir', uatp: 'UATP',
};

const WEBHOOK_POLL_MS = 1000;
const MAX_ATTEMPTS_SHOWN = 8;

const $ = (selector) => document.querySelector(selector);

const state = {
  locale: pickLocale(),
  session: null,
  enrollment: null,
  // Serialises mounts so that quick clicks on the language switcher never mount two forms.
  mountQueue: Promise.resolve(),
  sessionExpired: false,
  webhooksSeen: new Set(),
  pollTimer: 0,
  polling: false,
};

function pickLocale() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (LOCALES.includes(fromUrl)) return fromUrl;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = String(tag).slice(0, 2).toLowerCase();
    if (LOCALES.includes(primary)) return primary;
  }
  return 'en';
}

function t(key, values = {}) {
  const template = TEXTS[state.locale][key] ?? TEXTS.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// ---------------------------------------------------------------------------------------------
// Small DOM helpers: every value from the outside goes in as text, never as markup.

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function facts(rows) {
  const list = el('dl', { class: 'facts' });
  for (const [label, value, opts = {}] of rows) {
    if (value === undefined || value === null || value === '') continue;
    const dd = el('dd', { 'data-field': opts.field });
    dd.append(opts.code ? el('code', { text: value }) : document.createTextNode(value));
    list.append(el('div', {}, el('dt', { text: label }), dd));
  }
  return list;
}

function brandName(brand) {
  return BRAND_NAMES[brand] ?? (brand ? String(brand) : '—');
}

function twoDigits(n) {
  return String(n).padStart(2, '0');
}

function formatExpiry(month, year) {
  if (!month || !year) return '';
  return `${twoDigits(month)}/${String(year).slice(-2)}`;
}

// ---------------------------------------------------------------------------------------------
// Page texts and the language switcher.

function applyPageTexts() {
  document.documentElement.lang = state.locale;
  document.title = t('title');
  for (const node of document.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n);
  }
  for (const button of document.querySelectorAll('.lang__btn')) {
    button.setAttribute('aria-pressed', String(button.dataset.locale === state.locale));
  }
  renderSession();
}

async function switchLocale(locale) {
  if (!LOCALES.includes(locale) || locale === state.locale) return;
  state.locale = locale;
  const url = new URL(location.href);
  url.searchParams.set('lang', locale);
  history.replaceState(null, '', url);
  applyPageTexts();
  await mountForm();
}

// ---------------------------------------------------------------------------------------------
// The demo backend (stands in for the merchant's server).

async function postJson(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const code = data?.code ?? `HTTP_${response.status}`;
    const error = new Error(data?.messages?.join(' ') || `${path} answered ${response.status}`);
    error.code = code;
    throw error;
  }
  return data;
}

async function createSession() {
  const session = await postJson('/demo/session', {});
  state.session = session;
  state.sessionExpired = false;
  renderSession();
  return session;
}

// ---------------------------------------------------------------------------------------------
// Session panel.

function renderSession() {
  const { session } = state;
  const idNode = $('#session-id');
  const statusNode = $('#session-status');
  const expiresNode = $('#session-expires');
  const expireButton = $('#expire-session');
  if (!session) return;
  idNode.textContent = session.id;
  const expiresAt = new Date(session.expires_at);
  const left = expiresAt.getTime() - Date.now();
  const expired = state.sessionExpired || session.status === 'EXPIRED' || left <= 0;
  statusNode.textContent = expired ? t('statusExpired') : t('statusActive');
  statusNode.className = `status ${expired ? 'status--expired' : 'status--active'}`;
  expiresNode.textContent = expired ? expiresAt.toLocaleTimeString(state.locale) : t('expiresIn', { time: formatDuration(left) });
  expiresNode.title = expiresAt.toLocaleString(state.locale);
  expireButton.disabled = expired;
}

function formatDuration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${twoDigits(minutes)}:${twoDigits(seconds)}` : `${minutes}:${twoDigits(seconds)}`;
}

async function expireSession() {
  const button = $('#expire-session');
  if (!state.session) return;
  button.disabled = true;
  try {
    // The answer is the session without its token: keep the token, take the new expiry.
    const ended = await postJson('/demo/expire-session', { session_id: state.session.id });
    state.session = { ...state.session, status: ended?.status ?? 'EXPIRED', expires_at: ended?.expires_at ?? new Date().toISOString() };
    state.sessionExpired = true;
  } catch (error) {
    showFatal(error);
  }
  renderSession();
}

// ---------------------------------------------------------------------------------------------
// The SDK form.

function mountForm() {
  state.mountQueue = state.mountQueue.then(mountNow, mountNow);
  return state.mountQueue;
}

async function mountNow() {
  if (state.enrollment) {
    state.enrollment.unmount();
    state.enrollment = null;
  }
  const container = $('#card-form');
  container.replaceChildren();
  $('#form-state').hidden = true;
  // A note about the old form's content (the session recovery) means nothing to the new one.
  $('#form-notice').hidden = true;
  try {
    state.enrollment = await initEnrollment(state.session, {
      container,
      locale: state.locale,
      onReady,
      onChange,
      onLoading,
      onSuccess,
      onError,
    });
  } catch (error) {
    // A session that died before the form could be drawn: the same recovery as after a submit.
    addErrorAttempt(error);
    return;
  }
  await refreshSavedCards();
}

function onReady() {
  $('#form-state').hidden = false;
  onChange({ brand: 'unknown', complete: false });
}

function onChange(formState) {
  $('#state-brand').textContent = formState.brand && formState.brand !== 'unknown' ? brandName(formState.brand) : '—';
  const complete = $('#state-complete');
  complete.textContent = formState.complete ? t('stateComplete') : t('stateIncomplete');
  complete.className = formState.complete ? 'state-ok' : '';
}

function onLoading(isLoading) {
  $('#busy').hidden = !isLoading;
  if (isLoading) $('#form-notice').hidden = true;
}

function onSuccess(result) {
  const pm = result.paymentMethod ?? {};
  const item = newAttempt('ok', t('attemptEnrolled'));
  item.dataset.status = result.status;
  item.append(facts([
    [t('fToken'), result.vaultedToken, { code: true, field: 'vaulted-token' }],
    [t('fCard'), `${brandName(pm.brand)} •••• ${pm.last4 ?? ''}`, { field: 'card' }],
    [t('fExpiry'), formatExpiry(pm.expMonth, pm.expYear), { field: 'expiry' }],
    [t('fHolder'), pm.holderName, { field: 'holder' }],
  ]));
  refreshSavedCards();
}

function onError(error) {
  // The page itself unmounted the form (language switch): nothing the customer needs to see.
  if (error?.code === 'UNMOUNTED') return;
  addErrorAttempt(error);
}

function addErrorAttempt(error) {
  const code = error?.code ?? 'UNKNOWN';
  const declined = code === 'CARD_DECLINED';
  const item = newAttempt(declined ? 'no' : 'error', declined ? t('attemptDeclined') : t('attemptError'));
  item.dataset.code = code;
  item.append(el('p', { class: 'attempt__message', text: error?.message ?? String(error) }));
  item.append(facts([
    [t('fReason'), error?.declineReason, { code: true, field: 'decline-reason' }],
    [t('fCode'), code, { code: true, field: 'code' }],
    [t('fRetryable'), error?.retryable === undefined ? null : (error.retryable ? t('yes') : t('no')), { field: 'retryable' }],
  ]));
  // The SDK shows its message in the form; the page adds what only the merchant can do: a new
  // session. Not for SESSION_LOCKED: that is the card-testing defence, and it asks to wait.
  if (code === 'SESSION_EXPIRED' || code === 'SESSION_INVALID') {
    state.sessionExpired = true;
    renderSession();
    const button = el('button', { type: 'button', class: 'btn btn--primary', id: 'new-session', text: t('newSession') });
    button.addEventListener('click', () => renewSession(button));
    showNotice('session', t('sessionExpiredHint'), button);
  }
}

/** Shows a note under the form: an icon, the text, and optional extras (an action). */
function showNotice(kind, message, ...extras) {
  const notice = $('#form-notice');
  notice.className = `notice notice--${kind}`;
  notice.dataset.state = kind;
  notice.replaceChildren(
    el('span', { class: 'notice__icon', 'aria-hidden': 'true', text: kind === 'renewed' ? '✓' : '!' }),
    el('span', { class: 'notice__body' }, el('span', { class: 'notice__text', text: message }), ...extras),
  );
  notice.hidden = false;
}

function newAttempt(kind, title) {
  $('#attempts-empty').hidden = true;
  const list = $('#attempts');
  const item = el('li', { class: `attempt attempt--${kind}` },
    el('p', { class: 'attempt__title' },
      el('span', { class: 'attempt__icon', 'aria-hidden': 'true', text: kind === 'ok' ? '✓' : '!' }),
      el('span', { text: title }),
      el('time', { class: 'attempt__time', datetime: new Date().toISOString(), text: new Date().toLocaleTimeString(state.locale) })));
  list.prepend(item);
  // A counter that survives trimming the list, for anyone watching for the next outcome.
  list.dataset.count = String(Number(list.dataset.count ?? 0) + 1);
  while (list.children.length > MAX_ATTEMPTS_SHOWN) list.lastElementChild.remove();
  return item;
}

async function renewSession(button) {
  button.disabled = true;
  button.textContent = t('renewing');
  try {
    const session = await createSession();
    // The form keeps what the customer typed; without a form (the session died before it could be
    // drawn) there is nothing to keep, so draw one.
    if (state.enrollment) state.enrollment.updateToken(session);
    else await mountForm();
  } catch (error) {
    button.disabled = false;
    button.textContent = t('newSession');
    showFatal(error);
    return;
  }
  showNotice('renewed', t('renewed'));
  // The button is gone: focus the notice, which says what to do next (the submit button is just above).
  $('#form-notice').focus();
  refreshSavedCards();
}

// ---------------------------------------------------------------------------------------------
// Saved cards (through the SDK, with the customer's session token): SavedPaymentMethod objects
// { id, vaultedToken, brand, last4, expMonth, expYear, holderName }.

async function refreshSavedCards() {
  const enrollment = state.enrollment;
  if (!enrollment) return;
  let methods;
  try {
    methods = await enrollment.listPaymentMethods();
  } catch (error) {
    // An expired session cannot list; the list stays as it was until a new session is started.
    if (error?.code !== 'SESSION_EXPIRED' && error?.code !== 'UNMOUNTED') {
      const note = $('#saved-error');
      note.textContent = t('savedError', { code: error?.code ?? 'UNKNOWN' });
      note.hidden = false;
    }
    return;
  }
  $('#saved-error').hidden = true;
  renderSavedCards(methods);
}

function renderSavedCards(methods) {
  const list = $('#saved-cards');
  list.replaceChildren(...methods.map((pm) => el('li', { class: 'saved__item', 'data-token': pm.vaultedToken, 'data-id': pm.id },
    el('span', { class: `brand-badge brand-badge--${pm.brand ?? 'unknown'}`, text: brandName(pm.brand) }),
    el('span', { class: 'saved__main' },
      el('span', { class: 'saved__number', text: `•••• ${pm.last4}` }),
      el('span', { class: 'saved__meta', text: [formatExpiry(pm.expMonth, pm.expYear), pm.holderName].filter(Boolean).join(' · ') })),
    el('code', { class: 'saved__token', text: pm.vaultedToken }))));
  $('#saved-empty').hidden = methods.length > 0;
  const count = $('#saved-count');
  count.hidden = methods.length === 0;
  count.textContent = String(methods.length);
}

// ---------------------------------------------------------------------------------------------
// Webhook log: polled while the page is visible.

async function pollWebhooks() {
  if (state.polling) return;
  state.polling = true;
  try {
    const response = await fetch('/demo/webhooks', { headers: { accept: 'application/json' } });
    if (response.ok) renderWebhooks(await response.json());
  } catch {
    // The sandbox may be restarting; the next tick tries again.
  } finally {
    state.polling = false;
  }
}

// One row of GET /demo/webhooks: { id, type_event, signature_valid, payload, received_at }.
function webhookView(entry) {
  const event = entry.payload ?? {};
  // A payment event (checkout.js) carries { payment: { status, payment_method: { brand, last4 } } }.
  const payment = event.data?.payment;
  const pm = event.data?.payment_method ?? payment?.payment_method ?? {};
  const card = pm.card_data ?? {};
  return {
    key: entry.id,
    event,
    type: entry.type_event ?? event.type_event ?? 'event',
    status: payment?.status ?? pm.status,
    brand: card.brand ?? pm.brand,
    last4: card.lfd ?? pm.last4,
    token: payment ? undefined : pm.vaulted_token,
    declineReason: payment?.decline_reason ?? pm.decline_reason,
    valid: entry.signature_valid === true,
    receivedAt: entry.received_at,
  };
}

function renderWebhooks(data) {
  const list = $('#webhooks');
  // Newest first from the server; walked oldest first so that each new one is prepended on top.
  for (const entry of [...(data?.webhooks ?? [])].reverse()) {
    const hook = webhookView(entry);
    if (state.webhooksSeen.has(hook.key)) continue;
    state.webhooksSeen.add(hook.key);
    const received = hook.receivedAt ? new Date(hook.receivedAt) : null;
    list.prepend(el('li', { class: 'webhook', 'data-token': hook.token, 'data-signature': hook.valid ? 'valid' : 'invalid' },
      el('div', { class: 'webhook__head' },
        el('code', { class: 'webhook__type', text: hook.type }),
        el('span', { class: `sig ${hook.valid ? 'sig--ok' : 'sig--bad'}` },
          el('span', { 'aria-hidden': 'true', text: hook.valid ? '✓ ' : '✕ ' }),
          el('span', { 'data-i18n': hook.valid ? 'sigValid' : 'sigInvalid', text: hook.valid ? t('sigValid') : t('sigInvalid') }))),
      el('p', { class: 'webhook__summary' },
        el('span', { class: `tag ${['ENROLLED', 'SUCCEEDED'].includes(hook.status) ? 'tag--ok' : 'tag--no'}`, text: hook.status ?? '—' }),
        document.createTextNode(` ${brandName(hook.brand)} •••• ${hook.last4 ?? '????'}`),
        hook.declineReason ? el('code', { class: 'webhook__reason', text: hook.declineReason }) : null,
        received ? el('time', { class: 'webhook__time', datetime: received.toISOString(), text: received.toLocaleTimeString(state.locale) }) : null),
      el('details', { class: 'webhook__details' },
        el('summary', { 'data-i18n': 'payload', text: t('payload') }),
        el('pre', { tabindex: '0', text: JSON.stringify(hook.event, null, 2) }))));
  }
  $('#webhooks-empty').hidden = state.webhooksSeen.size > 0;
}

function schedulePolling() {
  clearInterval(state.pollTimer);
  state.pollTimer = 0;
  if (document.visibilityState === 'visible') {
    pollWebhooks();
    state.pollTimer = setInterval(() => {
      pollWebhooks();
      renderSession();
    }, WEBHOOK_POLL_MS);
  }
}

// ---------------------------------------------------------------------------------------------

function showFatal(error) {
  const banner = $('#fatal');
  const reason = error?.code ? `${error.code}: ${error.message}` : (error?.message ?? String(error));
  banner.textContent = t('fatal', { reason });
  banner.hidden = false;
}

async function start() {
  applyPageTexts();
  for (const button of document.querySelectorAll('.lang__btn')) {
    button.addEventListener('click', () => switchLocale(button.dataset.locale));
  }
  $('#expire-session').addEventListener('click', expireSession);
  document.addEventListener('visibilitychange', schedulePolling);
  schedulePolling();
  try {
    await init();
    await createSession();
  } catch (error) {
    showFatal(error);
    return;
  }
  await mountForm();
}

start();
