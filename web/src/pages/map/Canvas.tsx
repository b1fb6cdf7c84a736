// The WebGL drawing (sigma.js over a graphology graph, ./draw.ts) of what the engine
// laid out. The canvas is hidden from screen readers: the sentence above and the list
// view carry the same information.
import { useEffect, useRef } from 'preact/hooks';
import type { MapData, MapPerson } from './data';
import type { Sigma } from './draw';
import type { SizeBy } from './view';

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
  /** The colour of each person, for the colouring chosen (changes when it does). */
  colourOf: (p: MapPerson) => string;
  sizeBy: SizeBy;
  selected: string | null;
  onSelectPerson: (id: string | null) => void;
  onCommunity: (k: number) => void;
}) {
  const { data, colourOf, sizeBy, selected, onSelectPerson, onCommunity } = props;
  const box = useRef<HTMLDivElement>(null);
  const sigmaRef = useRef<Sigma | null>(null);
  const selectedRef = useRef<string | null>(selected);
  const centreRef = useRef<(node: string) => void>(() => {});
  const handlers = useRef({ onSelectPerson, onCommunity });
  handlers.current = { onSelectPerson, onCommunity };

  useEffect(() => {
    const container = box.current;
    if (!container) return;
    let renderer: Sigma | null = null;
    let gone = false;
    void import('./draw').then(({ Sigma: SigmaClass, BorderedNode, centreOn, communityGraph, peopleGraph }) => {
      if (gone) return;
      const aggregated = data.layout.aggregated && data.layout.community === undefined;
      const graph = aggregated ? communityGraph(data.layout) : peopleGraph(data, colourOf, sizeBy);
      const r = new SigmaClass(graph, container, {
        // one program for every node (./draw.ts)
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
      renderer = r;
      r.on('afterRender', () => {
        window.kithMapRenders = (window.kithMapRenders ?? 0) + 1;
        if (first) {
          first = false;
          if (window.kithMapFirstFrame === undefined) window.kithMapFirstFrame = performance.now();
          container.dataset.drawn = 'true';
        }
      });
      // The constructor may already have drawn (before the listener existed): draw
      // again so the first frame is noted either way.
      r.refresh();
      r.on('clickNode', ({ node }) => {
        if (aggregated) handlers.current.onCommunity(graph.getNodeAttribute(node, 'community') as number);
        else handlers.current.onSelectPerson(node);
      });
      r.on('clickStage', () => {
        if (!aggregated) handlers.current.onSelectPerson(null);
      });
      sigmaRef.current = r;
      centreRef.current = (node) => centreOn(r, node);
      if (selectedRef.current) centreOn(r, selectedRef.current);
    }).catch((error: unknown) => console.error('kith: the map could not be drawn', error));
    return () => {
      gone = true;
      sigmaRef.current = null;
      renderer?.kill();
    };
  }, [data, colourOf, sizeBy]);

  useEffect(() => {
    selectedRef.current = selected;
    const renderer = sigmaRef.current;
    if (!renderer) return;
    renderer.refresh({ skipIndexation: true });
    if (selected) centreRef.current(selected);
  }, [selected]);

  return <div class="map-canvas" ref={box} aria-hidden="true" data-testid="map-canvas" />;
}

