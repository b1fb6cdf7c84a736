// The WebGL drawing (sigma.js over a graphology graph) of what the engine laid out.
// The canvas is hidden from screen readers: the sentence above and the list view
// carry the same information.
import { createNodeBorderProgram } from '@sigma/node-border';
import Graph from 'graphology';
import { useEffect, useRef } from 'preact/hooks';
import Sigma from 'sigma';
import {
  communityColour, isolationColours, sizeFor, type Isolation, type LayoutAnswer, type MapData, type MapPerson,
} from './data';

export type ColourBy = 'community' | 'isolation';
export type SizeBy = 'degree' | 'betweenness';

// One node program for every node: a fill and a border whose width each node sets,
// so people with no ties are rings and people with one tie carry a dark edge.
const BorderedNode = createNodeBorderProgram({
  borders: [
    { size: { attribute: 'borderSize', defaultValue: 0 }, color: { attribute: 'borderColor' } },
    { size: { fill: true }, color: { attribute: 'color' } },
  ],
});

function personLook(p: MapPerson, colourBy: ColourBy): { color: string; borderColor: string; borderSize: number } {
  const colour = colourBy === 'community' ? communityColour(p.community) : isolationColours[p.isolation];
  return shapeOf(p.isolation, colour);
}

/** The shape that marks the isolation class whatever the colour (legend in Map.tsx). */
export function shapeOf(isolation: Isolation, colour: string): { color: string; borderColor: string; borderSize: number } {
  if (isolation === 'no_ties') return { color: '#ffffff', borderColor: colour, borderSize: 0.45 };
  if (isolation === 'one_tie') return { color: colour, borderColor: '#0b0c0c', borderSize: 0.35 };
  return { color: colour, borderColor: colour, borderSize: 0 };
}

function peopleGraph(data: MapData, colourBy: ColourBy, sizeBy: SizeBy): Graph {
  const g = new Graph({ type: 'undirected', multi: false });
  for (const p of data.people) {
    const size = sizeBy === 'degree' ? sizeFor(p.degree, data.maxDegree) : sizeFor(p.betweenness, data.maxBetweenness);
    g.addNode(p.id, { x: p.x, y: p.y, size: Math.max(size, 3), label: p.name, ...personLook(p, colourBy) });
  }
  for (const [i, j] of data.edges) {
    const a = data.people[i];
    const b = data.people[j];
    if (a && b && a.id !== b.id && !g.hasEdge(a.id, b.id)) g.addEdge(a.id, b.id, { size: 0.6, color: '#b1b4b6' });
  }
  return g;
}

function communityGraph(layout: LayoutAnswer): Graph {
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

declare global {
  interface Window {
    /** performance.now() when the map first drew a frame (read by bench/web/map_frames.mjs). */
    kithMapFirstFrame?: number;
    /** How many frames sigma has drawn (the benchmark checks a drag redraws). */
    kithMapRenders?: number;
  }
}

export function MapCanvas(props: {
  data: MapData;
  colourBy: ColourBy;
  sizeBy: SizeBy;
  selected: string | null;
  onSelectPerson: (id: string | null) => void;
  onCommunity: (k: number) => void;
}) {
  const { data, colourBy, sizeBy, selected, onSelectPerson, onCommunity } = props;
  const box = useRef<HTMLDivElement>(null);
  const sigmaRef = useRef<Sigma | null>(null);
  const selectedRef = useRef<string | null>(selected);
  const handlers = useRef({ onSelectPerson, onCommunity });
  handlers.current = { onSelectPerson, onCommunity };

  useEffect(() => {
    const container = box.current;
    if (!container) return;
    const aggregated = data.layout.aggregated && data.layout.community === undefined;
    const graph = aggregated ? communityGraph(data.layout) : peopleGraph(data, colourBy, sizeBy);
    const renderer = new Sigma(graph, container, {
      defaultNodeType: 'bordered',
      nodeProgramClasses: { bordered: BorderedNode },
      labelRenderedSizeThreshold: aggregated ? 4 : 9,
      labelFont: 'Arial, sans-serif',
      // Software WebGL (no GPU) redraws 5,000 edges slowly; while the camera moves the
      // people alone are drawn, the ties come back when it stops.
      hideEdgesOnMove: true,
      hideLabelsOnMove: true,
      zIndex: true,
      nodeReducer: (node, attrs) => {
        if (selectedRef.current === null) return attrs;
        if (node === selectedRef.current) {
          return { ...attrs, highlighted: true, forceLabel: true, zIndex: 2, size: (attrs.size as number) * 1.8, borderColor: '#0b0c0c', borderSize: 0.3 };
        }
        return attrs;
      },
    });
    let first = true;
    renderer.on('afterRender', () => {
      window.kithMapRenders = (window.kithMapRenders ?? 0) + 1;
      if (first) {
        first = false;
        if (window.kithMapFirstFrame === undefined) window.kithMapFirstFrame = performance.now();
        container.dataset.drawn = 'true';
      }
    });
    renderer.on('clickNode', ({ node }) => {
      if (aggregated) handlers.current.onCommunity(graph.getNodeAttribute(node, 'community') as number);
      else handlers.current.onSelectPerson(node);
    });
    renderer.on('clickStage', () => {
      if (!aggregated) handlers.current.onSelectPerson(null);
    });
    sigmaRef.current = renderer;
    if (selectedRef.current) centreOn(renderer, selectedRef.current);
    return () => {
      sigmaRef.current = null;
      renderer.kill();
    };
  }, [data, colourBy, sizeBy]);

  useEffect(() => {
    selectedRef.current = selected;
    const renderer = sigmaRef.current;
    if (!renderer) return;
    renderer.refresh({ skipIndexation: true });
    if (selected) centreOn(renderer, selected);
  }, [selected]);

  return <div class="map-canvas" ref={box} aria-hidden="true" data-testid="map-canvas" />;
}

function centreOn(renderer: Sigma, node: string): void {
  const at = renderer.getNodeDisplayData(node);
  if (!at) return;
  renderer.getCamera().animate({ x: at.x, y: at.y, ratio: 0.25 }, { duration: 400 });
}
