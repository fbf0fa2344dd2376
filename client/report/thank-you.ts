// The answer after sending: a card over the map that stays until the resident closes it (a toast that fades
// after 7 s is gone before a resident looking at the street has read it). Also says when a queued report
// was refused later, with the server's reason.
export type Tone = 'done' | 'waiting' | 'refused';

export interface ThankYou {
  show(title: string, text: string, tone: Tone): void;
  /** Adds a sentence to the card on screen (the gap's progress), if it still shows `title`. */
  add(title: string, sentence: string): void;
  dismiss(): void;
}

export function createThankYou(host: HTMLElement, onDismiss: () => void): ThankYou {
  const card = document.createElement('section');
  card.className = 'thank-you';
  card.id = 'thank-you';
  card.hidden = true;
  card.setAttribute('aria-labelledby', 'thank-you-title');
  const heading = document.createElement('h2');
  heading.id = 'thank-you-title';
  heading.tabIndex = -1;
  const body = document.createElement('p');
  body.className = 'thank-you-text';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'primary';
  close.textContent = 'OK';
  close.addEventListener('click', () => {
    dismiss();
    onDismiss();
  });
  card.append(heading, body, close);
  host.append(card);

  function dismiss(): void {
    card.hidden = true;
  }

  return {
    show(title, text, tone) {
      heading.textContent = title;
      body.textContent = text;
      card.dataset.tone = tone;
      card.hidden = false;
    },
    add(title, sentence) {
      if (!card.hidden && heading.textContent === title) body.textContent = `${body.textContent} ${sentence}`;
    },
    dismiss,
  };
}
