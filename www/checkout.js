// The demo's "Pay with a saved card" panel: asks the demo backend for a Checkout Session of a fixed
// amount, mounts enrollment-sdk's initCheckout (the saved cards as a radio group, one Pay button),
// and shows the payment and the webhook the backend received for it.
// It follows the page's language (<html lang>, set by app.js) and redraws when the saved cards
// change (a card enrolled in the form above).
import init, { initCheckout } from '/pkg/enrollment_sdk.js';

const TEXTS = {
  en: {
    title: 'Pay with a saved card',
    lead: 'A checkout session of 49.90 USD from the demo backend: pick a saved card and pay in one click.',
    checkoutId: 'Checkout',
    checkoutStatus: 'Status',
    newCheckout: 'New checkout session',
    loading: 'Loading your saved cards…',
    paid: 'Payment succeeded',
    failed: 'Payment not made',
    fPayment: 'Payment',
    fAmount: 'Amount',
    fCard: 'Card',
    fToken: 'Vaulted token',
    fCode: 'Error code',
    fReason: 'Decline reason',
    fWebhook: 'Webhook',
    waiting: 'waiting…',
    sigValid: 'signature valid',
    sigInvalid: 'signature invalid',
    ACTIVE: 'Active',
    PAID: 'Paid',
    EXPIRED: 'Expired',
  },
  es: {
    title: 'Pagar con una tarjeta guardada',
    lead: 'Una sesión de pago de 49,90 USD del backend de demostración: elige una tarjeta guardada y paga con un clic.',
    checkoutId: 'Pago',
    checkoutStatus: 'Estado',
    newCheckout: 'Nueva sesión de pago',
    loading: 'Cargando tus tarjetas guardadas…',
    paid: 'Pago realizado',
    failed: 'No se realizó el pago',
    fPayment: 'Pago',
    fAmount: 'Monto',
    fCard: 'Tarjeta',
    fToken: 'Token de bóveda',
    fCode: 'Código de error',
    fReason: 'Motivo del rechazo',
    fWebhook: 'Webhook',
    waiting: 'esperando…',
    sigValid: 'firma válida',
    sigInvalid: 'firma inválida',
    ACTIVE: 'Activa',
    PAID: 'Pagada',
    EXPIRED: 'Expirada',
  },
  pt: {
    title: 'Pagar com um cartão salvo',
    lead: 'Uma sessão de pagamento de 49,90 USD do backend de demonstração: escolha um cartão salvo e pague com um clique.',
    checkoutId: 'Pagamento',
    checkoutStatus: 'Status',
    newCheckout: 'Nova sessão de pagamento',
    loading: 'Carregando seus cartões salvos…',
    paid: 'Pagamento aprovado',
    failed: 'Pagamento não realizado',
    fPayment: 'Pagamento',
    fAmount: 'Valor',
    fCard: 'Cartão',
    fToken: 'Token do cofre',
    fCode: 'Código de erro',
    fReason: 'Motivo da recusa',
    fWebhook: 'Webhook',
    waiting: 'aguardando…',
    sigValid: 'assinatura válida',
    sigInvalid: 'assinatura inválida',
    ACTIVE: 'Ativa',
    PAID: 'Paga',
    EXPIRED: 'Expirada',
  },
};

const BRANDS = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', diners: 'Diners Club' };
const WEBHOOK_POLL_MS = 500;

const $ = (selector) => document.querySelector(selector);
const state = { session: null, checkout: null, payment: null, queue: Promise.resolve(), cards: '' };

const locale = () => (TEXTS[document.documentElement.lang] ? document.documentElement.lang : 'en');
const t = (key) => TEXTS[locale()][key] ?? TEXTS.en[key] ?? key;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function facts(rows) {
  return el('dl', { class: 'facts' }, ...rows
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([label, value, field, code]) => el('div', {},
      el('dt', { text: label }),
      el('dd', { 'data-field': field }, code ? el('code', { text: value }) : value))));
}

function money(amount) {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: amount.currency }).format(amount.value);
}

function applyTexts() {
  for (const node of document.querySelectorAll('[data-i18n-checkout]')) node.textContent = t(node.dataset.i18nCheckout);
  renderSession();
}

function renderSession() {
  const status = state.payment ? 'PAID' : (state.session?.status ?? null);
  $('#checkout-id').textContent = state.session?.id ?? '…';
  const node = $('#checkout-status');
  node.textContent = status ? t(status) : '…';
  node.className = `status ${status === 'ACTIVE' ? 'status--active' : 'status--expired'}`;
  node.dataset.status = status ?? '';
}

async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(data?.messages?.join(' ') ?? `${path}: ${response.status}`), { code: data?.code });
  return data;
}

/** Runs mounts one after another, so that quick events never draw two panes. */
function remount() {
  state.queue = state.queue.then(mountNow, mountNow);
  return state.queue;
}

async function mountNow() {
  state.checkout?.unmount();
  state.checkout = null;
  const container = $('#checkout-form');
  container.replaceChildren(el('p', { class: 'card-form__loading', text: t('loading') }));
  if (!state.session) return;
  try {
    const checkout = await initCheckout(state.session, {
      container,
      locale: locale(),
      onReady: () => container.querySelector('.card-form__loading')?.remove(),
      onSuccess,
      onError: (error) => { if (error.code !== 'UNMOUNTED') showResult(error); },
    });
    state.checkout = checkout;
  } catch (error) {
    container.replaceChildren();
    showResult(error);
  }
}

async function newCheckout() {
  const button = $('#new-checkout');
  button.disabled = true;
  try {
    state.session = await post('/demo/checkout-session', {});
    state.payment = null;
    $('#checkout-result').hidden = true;
    renderSession();
    await remount();
  } catch (error) {
    showResult(error);
  } finally {
    button.disabled = false;
  }
}

function onSuccess(payment) {
  state.payment = payment;
  renderSession();
  showResult(null, payment);
  watchWebhook(payment.id);
}

/** The outcome under the pane: the payment, or the error the SDK reported. */
function showResult(error, payment) {
  const box = $('#checkout-result');
  box.hidden = false;
  box.dataset.status = payment ? payment.status : 'ERROR';
  box.className = `attempt ${payment ? 'attempt--ok' : 'attempt--no'}`;
  const pm = payment?.paymentMethod;
  box.replaceChildren(
    el('p', { class: 'attempt__title' },
      el('span', { class: 'attempt__icon', 'aria-hidden': 'true', text: payment ? '✓' : '!' }),
      el('span', { text: payment ? t('paid') : t('failed') })),
    payment ? null : el('p', { class: 'attempt__message', text: error?.message ?? String(error) }),
    facts(payment
      ? [[t('fPayment'), payment.id, 'payment-id', true],
        [t('fAmount'), money(payment.amount), 'amount'],
        [t('fCard'), `${BRANDS[pm.brand] ?? pm.brand} •••• ${pm.last4}`, 'card'],
        [t('fToken'), pm.vaultedToken, 'vaulted-token', true],
        [t('fWebhook'), el('span', { id: 'checkout-webhook', text: t('waiting') }), 'webhook']]
      : [[t('fCode'), error?.code ?? 'UNKNOWN', 'code', true],
        [t('fReason'), error?.declineReason, 'decline-reason', true]]),
  );
}

/** Polls the demo backend's webhook log until the payment's own event arrives. */
async function watchWebhook(paymentId) {
  while (state.payment?.id === paymentId) {
    const response = await fetch('/demo/webhooks').catch(() => null);
    const data = response?.ok ? await response.json() : null;
    const hook = data?.webhooks?.find((w) => w.payload?.data?.payment?.id === paymentId);
    const node = $('#checkout-webhook');
    if (hook && node) {
      node.dataset.type = hook.type_event;
      node.dataset.signature = hook.verified ? 'valid' : 'invalid';
      node.textContent = `${hook.type_event} · ${hook.verified ? t('sigValid') : t('sigInvalid')}`;
      return;
    }
    await new Promise((done) => setTimeout(done, WEBHOOK_POLL_MS));
  }
}

async function start() {
  applyTexts();
  $('#new-checkout').addEventListener('click', newCheckout);
  // app.js sets <html lang> when the language changes: follow it.
  new MutationObserver(() => {
    applyTexts();
    if (!state.payment) remount();
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  // A card enrolled (or the list first loaded) above: the pane lists the cards again.
  new MutationObserver(() => {
    const cards = [...document.querySelectorAll('#saved-cards > li')].map((li) => li.dataset.token).join();
    if (cards === state.cards) return;
    state.cards = cards;
    if (!state.payment) remount();
  }).observe($('#saved-cards'), { childList: true });
  try {
    await init();
  } catch (error) {
    showResult(error);
    return;
  }
  await newCheckout();
}

start();
