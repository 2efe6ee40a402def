import { differentialSuite } from './differential-suite';

differentialSuite('b', 'kerb ed25519 differential b', 2500);
