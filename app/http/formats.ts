// String formats the API schemas use beyond JSON Schema's own, so that one 400 lists every problem
// (the services check the same rules again: they are the source of truth, the schema answers early).
import { innProblem } from '../organizations/inn.ts';
import { isTimeZone } from '../registers/time-zone.ts';

export interface ApiFormat {
  validate: (value: string) => boolean;
  /** What a 400 says about a value that does not fit. */
  message: string;
}

export const API_FORMATS: Readonly<Record<string, ApiFormat>> = {
  // Only the check digits: the length and the digits are the pattern's job, which reports them itself.
  inn: {
    validate: (value) => !/^(\d{10}|\d{12})$/.test(value) || innProblem(value) === undefined,
    message: 'has a wrong check digit (a typo?)',
  },
  'time-zone': { validate: isTimeZone, message: 'must be an IANA time zone such as Europe/Moscow' },
};
