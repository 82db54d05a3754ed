// Frames of a real Shtrih-M device (re-star-ru/shtrih-m-driver docs/out.txt, copied into
// shared/data/captures/shtrih/re-star-ru-out.txt; protocols.md §2.2 verified every LRC).

import { hex } from './hex.ts';

export const CAPTURE = {
  shortStatusRequest: hex('02 05 10 1E 00 00 00 0B'),
  shortStatusAnswerShiftOpen: hex('02 10 10 00 1E 92 02 02 00 00 9F E5 18 01 00 92 08 00 75'),
  shortStatusAnswerReceiptOpen: hex('02 10 10 00 1E 92 02 08 00 01 9F E5 18 01 00 8B 02 00 6D'),
  fnStatusRequest: hex('02 06 FF 01 1E 00 00 00 E6'),
  fnStatusAnswer: hex(
    '02 21 FF 01 00 03 00 00 01 00 15 07 1D 0B 1D 39 32 38 37 34 34 30 33 30 31 31 32 30 39 39 31 A9 01 00 00 68',
  ),
  cancelReceiptRequest: hex('02 05 88 1E 00 00 00 93'),
  cancelReceiptAnswer: hex('02 03 88 00 1E 95'),
} as const;
