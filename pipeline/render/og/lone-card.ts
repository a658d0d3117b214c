/**
 * Whether the process is about to draw a single card: a one-article build. Its faces for other
 * scripts then go to satori narrowed to the card's characters (see `satoriFonts`); a batch gives the
 * whole faces, parsed once for all its cards. Set by the build's runner; nothing else to load here.
 */
export let loneCard = false

/** Say how many articles the build about to start draws cards for. */
export function expectCards(articles: number): void {
  loneCard = articles === 1
}
