// Node 20+: the same round trip, its result on stdout.
import { roundTrip } from './round_trip.js';

console.log(JSON.stringify(await roundTrip()));
