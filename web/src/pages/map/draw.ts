// sigma.js and graphology, loaded only when a map is drawn (a chunk of its own, so
// other pages do not fetch WebGL code, and tests of pure logic never load it).
import { createNodeBorderProgram } from '@sigma/node-border';
import Graph from 'graphology';
import Sigma from 'sigma';
import { communityColour, sizeFor, type Isolation, type LayoutAnswer, type MapData, type MapPerson } from './data';
import type { SizeBy } from './view';

// One node program for every node: a fill and a border whose width each node sets,
// so people with no ties are rings and people with one tie carry a dark edge.
const BorderedNode = createNodeBorderProgram({
  borders: [
    { size: { attribute: 'borderSize', defaultValue: 0 }, color: { attribute: 'borderColor' } },
    { size: { fill: true }, color: { attribute: 'color' } },
  ],
});

/** The shape that marks the isolation class whatever the colour (legend in Map.tsx). */
export function shapeOf(isolation: Isolation, colour: string): { color: string; borderColor: string; borderSize: number } {
  if (isolation === 'no_ties') return { color: '#ffffff', borderColor: colour, borderSize: 0.45 };
  if (isolation === 'one_tie') return { color: colour, borderColor: '#0b0c0c', borderSize: 0.35 };
  return { color: colour, borderColor: colour, borderSize: 0 };
}

/** The people and their ties; `colourOf` is the colouring chosen (./colouring.ts). */
export function peopleGraph(data: MapData, colourOf: (p: MapPerson) => string, sizeBy: SizeBy): Graph {
  const g = new Graph({ type: 'undirected', multi: false });
  for (const p of data.people) {
    const size = sizeBy === 'degree' ? sizeFor(p.degree, data.maxDegree) : sizeFor(p.betweenness, data.maxBetweenness);
    g.addNode(p.id, { x: p.x, y: p.y, size: Math.max(size, 3), label: p.name, ...shapeOf(p.isolation, colourOf(p)) });
  }
  for (const [i, j] of data.edges) {
    const a = data.people[i];
    const b = data.people[j];
    if (a && b && a.id !== b.id && !g.hasEdge(a.id, b.id)) g.addEdge(a.id, b.id, { size: 0.6, color: '#b1b4b6' });
  }
  return g;
}

export function communityGraph(layout: LayoutAnswer): Graph {
  const g = new Graph({ type: 'undirected', multi: false });
  const list = layout.communities ?? [];
  const maxMembers = Math.max(1, ...list.map((c) => c.members));
  const maxTies = Math.max(1, ...(layout.community_ties ?? []).map((t) => t.ties));
  for (const c of list) {
    g.addNode(`c${c.community}`, {
      x: c.x, y: c.y, size: 3 + 17 * Math.sqrt(c.members / maxMembers),
      label: `Community ${c.community + 1} (${c.members})`, color: communityColour(c.community),
      borderColor: '#0b0c0c', borderSize: 0.1, community: c.community,
    });
  }
  for (const t of layout.community_ties ?? []) {
    const a = `c${t.a}`;
    const b = `c${t.b}`;
    if (g.hasNode(a) && g.hasNode(b) && a !== b && !g.hasEdge(a, b)) {
      g.addEdge(a, b, { size: 0.5 + 4 * Math.sqrt(t.ties / maxTies), color: '#b1b4b6' });
    }
  }
  return g;
}

export { Sigma };

export function centreOn(renderer: Sigma, node: string): void {
  const at = renderer.getNodeDisplayData(node);
  if (!at) return;
  renderer.getCamera().animate({ x: at.x, y: at.y, ratio: 0.25 }, { duration: 400 });
}

export { BorderedNode };
