import { STATE_TYPE_LABELS } from '../../domain/labels.ts';
import { BOX, type GraphLayout, type PlacedNode, START } from '../lib/asl-graph.ts';
import { MARK_LABELS, MARK_SIGNS, type StateSummary } from '../lib/state-marks.ts';

/**
 * The state machine drawn in SVG from its laid-out graph: each state a box coloured by what
 * happened to it in the execution, with the outcome also written in it and signed (✓ ✗ …), so
 * colour is never the only carrier. Each box is a button: it opens that state's passage.
 */

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number> = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

const NOT_RUN: StateSummary = { mark: 'NOT_RUN', visits: 0, failing: false };

/** The outcome line of a state's box: its mark, and how many times it was passed through when more than once. */
const markLine = (summary: StateSummary): string => `${MARK_LABELS[summary.mark]}${summary.visits > 1 ? ` ×${summary.visits}` : ''}`;

/**
 * The accessible name of a state's box: what it shows, in its order (label, state name, outcome: the
 * name includes the visible text), then its type and whether the execution failed there.
 */
export const stateBoxName = (node: Pick<PlacedNode, 'id' | 'label' | 'type'>, summary: StateSummary): string =>
  `${node.label === node.id ? node.id : `${node.label} ${node.id}`} ${markLine(summary)}, ${(STATE_TYPE_LABELS[node.type] ?? node.type).toLowerCase()}${summary.failing ? ', étape de l’échec' : ''}`;

function stateBox(node: PlacedNode, summary: StateSummary, onSelect: (state: string) => void): SVGGElement {
  const x = node.x - node.width / 2;
  const y = node.y - node.height / 2;
  const box = svg('g', {
    class: `state mark-${summary.mark}${summary.failing ? ' failing' : ''}`,
    'data-state': node.id,
    'data-mark': summary.mark,
    tabindex: 0,
    role: 'button',
    'aria-label': stateBoxName(node, summary),
  });
  // Baselines, top to bottom: the label's lines, the state's name (for engineers: the ASL file's), the outcome.
  const below = node.lines.length * BOX.labelLine;
  const label = node.lines.map((line, i) =>
    svg('text', { x: node.x, y: y + BOX.padding + i * BOX.labelLine + 12, class: 'state-label' }, line),
  );
  const name = svg('text', { x: node.x, y: y + BOX.padding + below + 10, class: 'state-name' }, node.id);
  // The sign repeats the colour for the eye; the accessible name says the outcome in words.
  const outcome = svg('text', { x: node.x, y: y + BOX.padding + below + BOX.idLine + 12, class: 'state-mark' });
  outcome.append(svg('tspan', { 'aria-hidden': 'true' }, `${MARK_SIGNS[summary.mark]} `), markLine(summary));
  const rounded = node.type === 'Choice' ? 4 : node.type === 'Succeed' || node.type === 'Fail' ? Math.min(node.height / 2, 24) : 8;
  box.append(svg('rect', { x, y, width: node.width, height: node.height, rx: rounded, ry: rounded }));
  // A space between the lines (not drawn: it stands outside any <text>), so that the box's text reads as
  // words apart, as its accessible name says them.
  for (const line of [...label, name, outcome]) box.append(line, ' ');
  const select = () => onSelect(node.id);
  box.addEventListener('click', select);
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select();
    }
  });
  return box;
}

/** The drawing of a laid-out graph, each state marked by its summary (absent: not reached). */
export function drawGraph(
  layout: GraphLayout,
  marks: ReadonlyMap<string, StateSummary>,
  title: string,
  onSelect: (state: string) => void,
): SVGSVGElement {
  const drawing = svg('svg', {
    viewBox: `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`,
    width: Math.ceil(layout.width),
    class: 'graph',
    role: 'group',
    'aria-label': title,
  });
  const defs = svg('defs');
  const marker = svg('marker', {
    id: 'fleche',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }));
  defs.append(marker);
  drawing.append(defs);
  // An edge both of whose ends were passed through is drawn as taken.
  const visited = (state: string) => state === START || (marks.get(state)?.visits ?? 0) > 0;
  const edges = svg('g', { class: 'edges', 'aria-hidden': 'true' });
  for (const edge of layout.edges) {
    if (edge.points.length === 0) continue;
    const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    const reached = visited(edge.from) && visited(edge.to);
    edges.append(svg('path', { d, class: `edge edge-${edge.kind}${reached ? ' reached' : ''}`, 'marker-end': 'url(#fleche)' }));
    if (edge.label && edge.labelAt)
      edges.append(svg('text', { x: edge.labelAt.x, y: edge.labelAt.y + 4, class: 'edge-label' }, edge.label));
  }
  drawing.append(edges);
  const states = svg('g', { class: 'states' });
  for (const node of layout.nodes) {
    if (node.id === START) {
      states.append(svg('circle', { cx: node.x, cy: node.y, r: 9, class: 'start', 'aria-hidden': 'true' }));
      continue;
    }
    states.append(stateBox(node, marks.get(node.id) ?? NOT_RUN, onSelect));
  }
  drawing.append(states);
  return drawing;
}
