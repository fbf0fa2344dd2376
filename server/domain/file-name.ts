// A download's file name from what a person called the thing: "Two poles south" → two-poles-south.
const maxChars = 60; // long names still fit a file dialog; the id keeps two equal names apart

export function fileNameOf(name: string, id: number, extension: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // é → e
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxChars)
    .replace(/-+$/, '');
  return `${slug || 'scenario'}-${id}.${extension}`;
}
