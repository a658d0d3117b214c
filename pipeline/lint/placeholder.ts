/** Placeholder prose: lorem ipsum and its kin, and bracketed notes to fill in later. */
export const PLACEHOLDER =
  /\b(?:lorem ipsum|dolor sit amet|consectetur adipiscing|sed do eiusmod|tktk)\b|\[(?:insert|placeholder|tk)\b[^\]]*\]/i
