import { differentialSuite } from './differential-suite';

differentialSuite('a', 'kerb ed25519 differential a', 2500);
