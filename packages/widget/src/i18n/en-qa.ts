import type { Message } from './message.js';

/**
 * The `qa` layout's English strings. They load with the layout (the on-demand layouts' chunk),
 * not with the embed entry.
 * Other locales carry them in their one file.
 */
export const enQa = {
  questions: 'Questions',
  fromAudience: 'From the audience',
  noQuestions: 'No questions yet. The host’s questions (Q1, Q2…) and questions asked with {title} appear here.',
  questionNumber: 'Q{number}',
  currentQuestion: 'Current question',
  answersTo: 'Answers to question {number}',
  answers: 'Answers',
} satisfies Record<string, Message>;
