/** Placeholder prose: lorem ipsum and its kin, and bracketed notes to fill in later. */
export const PLACEHOLDER =
  /\b(?:lorem ipsum|dolor sit amet|consectetur adipiscing|sed do eiusmod|tktk)\b|\[(?:insert|placeholder|tk)\b[^\]]*\]/i

// The vocabulary of lorem ipsum generators (Cicero's words as they scramble them).
const FILLER = new Set(
  `lorem ipsum dolor sit amet consectetur adipiscing elit sed eiusmod tempor incididunt labore dolore magna aliqua
  enim minim veniam quis nostrud exercitation ullamco laboris nisi aliquip commodo consequat duis aute irure
  reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat proident sunt
  culpa officia deserunt mollit anim laborum pellentesque ligula viverra vehicula ullamcorper morbi euismod nibh
  interdum malesuada fames ante primis faucibus erat diam blandit eget felis aliquam rhoncus varius urna donec
  tellus sapien sodales vitae feugiat praesent pulvinar placerat imperdiet maecenas ornare arcu suscipit molestie
  tortor ultrices aenean convallis congue ultricies tincidunt orci posuere vestibulum integer nunc nisl mauris
  lacus libero justo eros risus semper quam sagittis massa fringilla accumsan lectus etiam purus tristique
  senectus netus turpis egestas lacinia porttitor porta dapibus augue sollicitudin vulputate bibendum mattis
  mollis metus facilisis cras curabitur fermentum dignissim hendrerit laoreet luctus condimentum elementum
  efficitur phasellus nullam proin quisque suspendisse vivamus gravida iaculis tempus volutpat odio habitant
  pretium rutrum scelerisque aliquet auctor cursus dictum finibus lobortis nec neque sem vel`.split(/\s+/),
)

/** The share of `text`'s words that are lorem ipsum's (0 to 1). */
export function fillerShare(text: string): number {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? []
  if (words.length === 0) return 0
  return words.filter((word) => FILLER.has(word)).length / words.length
}
