// The page's script (index.html): the round trip's result for the test to read.
import { roundTrip } from './round_trip.js';

window.result = roundTrip().catch((e) => ({ error: String(e) }));
