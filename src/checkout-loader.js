// initCheckout of the shipped package, appended by scripts/build.sh to the enrollment glue: the
// checkout pane is a wasm module of its own (checkout/), downloaded on the first call only, so that
// enrollment pages never pay for it. Its declaration is the chunk's, copied by the build.

let checkoutChunk;

// The chunk's glue, instantiated once. A failed load is forgotten, so that the next call tries again.
function loadCheckout() {
  if (!checkoutChunk) {
    checkoutChunk = import('./checkout/enrollment_sdk_checkout.js')
      .then(async (chunk) => {
        await chunk.default();
        return chunk;
      })
      .catch((cause) => {
        checkoutChunk = undefined;
        // Shaped like every EnrollmentError (src/error.rs). The texts of the other locales are in
        // the wasm that did not arrive, so this one message is English.
        const error = new Error("We couldn't connect. Check your connection and try again.", { cause });
        error.name = 'EnrollmentError';
        error.code = 'NETWORK_ERROR';
        error.retryable = true;
        throw error;
      });
  }
  return checkoutChunk;
}

export function initCheckout(tokenOrSession, options) {
  return loadCheckout().then((chunk) => chunk.initCheckout(tokenOrSession, options));
}
