// The colouring chosen in "Colour by", for the people drawn: one function the drawing
// calls per person, and the scale the key shows (for a figure), from the same ranking.
import { communityColour, isolationColours, type MapData, type MapPerson } from './data';
import { colourFor, colourScale, isMetric, type ColourScale } from './metrics';
import type { ColourBy } from './view';

export interface Colouring {
  colourOf: (p: MapPerson) => string;
  /** The steps of a figure's scale, or null when colouring by community or isolation. */
  scale: ColourScale | null;
}

export function colouringFor(data: MapData, colour: ColourBy): Colouring {
  if (isMetric(colour)) {
    const scale = colourScale(data.people.map((p) => p.metrics[colour]));
    return { colourOf: (p) => colourFor(scale, p.metrics[colour]), scale };
  }
  if (colour === 'isolation') return { colourOf: (p) => isolationColours[p.isolation], scale: null };
  return { colourOf: (p) => communityColour(p.community), scale: null };
}
