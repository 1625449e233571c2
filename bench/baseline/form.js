// The plain-JS baseline: the same card form as the SDK (format, validate, DOM + ARIA), built on
// card-validator + credit-card-type, with the SDK's mount/unmount shape so the harness drives both alike.
import valid from 'card-validator';

const DEFAULT_GAPS = [4, 8, 12];
const MAX_DIGITS = 19;

const TEXT = {
  number: 'Card number',
  expiry: 'Expiry date (MM/YY)',
  cvc: 'Security code',
  holderName: 'Name on card',
  numberInvalid: 'Enter a valid card number.',
  numberIncomplete: 'The card number is incomplete.',
  expiryInvalid: 'Enter a valid expiry date.',
  cvcInvalid: 'Enter a valid security code.',
  holderNameInvalid: 'Enter the name on the card.',
  submit: 'Save card',
};

/** Inserts a space at each gap of the brand (e.g. 4-4-4-4, or 4-6-5 for Amex). */
function formatDigits(digits, gaps) {
  let out = '';
  for (let i = 0; i < digits.length; i += 1) {
    if (i > 0 && gaps.includes(i)) out += ' ';
    out += digits[i];
  }
  return out;
}

/** Where the caret goes in `formatted` so that it stays after the same number of digits. */
function caretAfterDigits(formatted, digitCount) {
  if (digitCount === 0) return 0;
  let seen = 0;
  for (let i = 0; i < formatted.length; i += 1) {
    if (formatted[i] >= '0' && formatted[i] <= '9') {
      seen += 1;
      if (seen === digitCount) return i + 1;
    }
  }
  return formatted.length;
}

function countDigits(s) {
  let n = 0;
  for (let i = 0; i < s.length; i += 1) if (s[i] >= '0' && s[i] <= '9') n += 1;
  return n;
}

let nextId = 0;

function field(doc, form, name, label, attrs) {
  const id = `bl-${(nextId += 1)}-${name}`;
  const wrap = doc.createElement('div');
  wrap.className = 'bl-field';
  const lab = doc.createElement('label');
  lab.htmlFor = id;
  lab.textContent = label;
  const input = doc.createElement('input');
  input.id = id;
  input.name = name;
  for (const [k, v] of Object.entries(attrs)) input.setAttribute(k, v);
  const error = doc.createElement('p');
  error.id = `${id}-error`;
  error.className = 'bl-error';
  input.setAttribute('aria-describedby', error.id);
  input.setAttribute('aria-invalid', 'false');
  wrap.append(lab, input, error);
  form.append(wrap);
  return { input, error, state: { valid: false, potentiallyValid: true, empty: true } };
}

function setFieldState(f, state, message) {
  f.state = state;
  const invalid = !state.potentiallyValid;
  const attr = invalid ? 'true' : 'false';
  if (f.input.getAttribute('aria-invalid') !== attr) f.input.setAttribute('aria-invalid', attr);
  const text = invalid ? message : '';
  if (f.error.textContent !== text) f.error.textContent = text;
}

/** Mounts the form; resolves `{ unmount, state }` like the SDK's Enrollment (no network part). */
export async function initEnrollment(_token, options) {
  const container =
    typeof options.container === 'string' ? document.querySelector(options.container) : options.container;
  if (!container) throw new Error('container not found');
  const doc = container.ownerDocument;
  const form = doc.createElement('form');
  form.className = 'bl-form';
  form.noValidate = true;

  const brandLabel = doc.createElement('span');
  brandLabel.className = 'bl-brand';
  brandLabel.setAttribute('aria-live', 'polite');

  const fields = {
    number: field(doc, form, 'number', TEXT.number, { autocomplete: 'cc-number', inputmode: 'numeric', maxlength: '23' }),
    expiry: field(doc, form, 'expiry', TEXT.expiry, { autocomplete: 'cc-exp', inputmode: 'numeric', maxlength: '7' }),
    cvc: field(doc, form, 'cvc', TEXT.cvc, { autocomplete: 'cc-csc', inputmode: 'numeric', maxlength: '4' }),
    holderName: field(doc, form, 'holderName', TEXT.holderName, { autocomplete: 'cc-name' }),
  };
  fields.number.input.parentElement.append(brandLabel);
  const button = doc.createElement('button');
  button.type = 'submit';
  button.textContent = TEXT.submit;
  if (options.hideSubmitButton) button.hidden = true;
  form.append(button);

  let brand = 'unknown';
  let cvcSize = 3;
  let last4 = null;

  // Like the SDK, onChange fires only when what it reports changed.
  let lastKey = '';
  const emit = () => {
    if (!options.onChange) return;
    let key = `${brand}|${last4}`;
    for (const f of Object.values(fields)) key += `|${+f.state.valid}${+f.state.potentiallyValid}${+f.state.empty}`;
    if (key === lastKey) return;
    lastKey = key;
    const fs = {};
    for (const [k, f] of Object.entries(fields)) fs[k] = { ...f.state };
    options.onChange({
      brand,
      complete: Object.values(fields).every((f) => f.state.valid),
      empty: Object.values(fields).every((f) => f.state.empty),
      fields: fs,
      last4,
    });
  };

  const onNumber = () => {
    const input = fields.number.input;
    const raw = input.value;
    const caret = input.selectionStart ?? raw.length;
    const digitsBeforeCaret = countDigits(raw.slice(0, caret));
    let digits = raw.replace(/\D/g, '');
    let check = valid.number(digits);
    const card = check.card;
    const maxLen = card ? Math.max(...card.lengths) : MAX_DIGITS;
    if (digits.length > maxLen) {
      digits = digits.slice(0, maxLen);
      check = valid.number(digits);
    }
    const formatted = formatDigits(digits, card ? card.gaps : DEFAULT_GAPS);
    if (formatted !== raw) {
      input.value = formatted;
      const pos = caretAfterDigits(formatted, Math.min(digitsBeforeCaret, digits.length));
      input.setSelectionRange(pos, pos);
    }
    const newBrand = card ? card.type : 'unknown';
    if (newBrand !== brand) {
      brand = newBrand;
      brandLabel.textContent = card ? card.niceType : '';
    }
    cvcSize = card ? card.code.size : 3;
    last4 = check.isValid ? digits.slice(-4) : null;
    const message = check.isPotentiallyValid ? TEXT.numberIncomplete : TEXT.numberInvalid;
    setFieldState(fields.number, { valid: check.isValid, potentiallyValid: check.isPotentiallyValid, empty: digits.length === 0 }, message);
    emit();
  };

  const onExpiry = () => {
    const input = fields.expiry.input;
    const digits = input.value.replace(/\D/g, '').slice(0, 4);
    const formatted = digits.length > 2 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : digits;
    if (formatted !== input.value) input.value = formatted;
    const check = valid.expirationDate(formatted);
    setFieldState(fields.expiry, { valid: check.isValid, potentiallyValid: check.isPotentiallyValid, empty: digits.length === 0 }, TEXT.expiryInvalid);
    emit();
  };

  const onCvc = () => {
    const input = fields.cvc.input;
    const digits = input.value.replace(/\D/g, '').slice(0, 4);
    if (digits !== input.value) input.value = digits;
    const check = valid.cvv(digits, cvcSize);
    setFieldState(fields.cvc, { valid: check.isValid, potentiallyValid: check.isPotentiallyValid, empty: digits.length === 0 }, TEXT.cvcInvalid);
    emit();
  };

  const onHolder = () => {
    const check = valid.cardholderName(fields.holderName.input.value);
    setFieldState(fields.holderName, { valid: check.isValid, potentiallyValid: check.isPotentiallyValid, empty: fields.holderName.input.value === '' }, TEXT.holderNameInvalid);
    emit();
  };

  const onSubmit = (event) => event.preventDefault();

  const listeners = [
    [fields.number.input, 'input', onNumber],
    [fields.expiry.input, 'input', onExpiry],
    [fields.cvc.input, 'input', onCvc],
    [fields.holderName.input, 'input', onHolder],
    [form, 'submit', onSubmit],
  ];
  for (const [target, type, fn] of listeners) target.addEventListener(type, fn);
  container.append(form);
  if (options.onReady) options.onReady();

  return {
    unmount() {
      for (const [target, type, fn] of listeners) target.removeEventListener(type, fn);
      form.remove();
    },
  };
}
