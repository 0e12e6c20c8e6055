import { Graph, layout } from '@dagrejs/dagre';

/**
 * A workflow's state machine as a graph, read from its ASL definition (the file in workflows/,
 * served by GET /admin/workflows/{workflow}/definition), and laid out by dagre for the
 * back-office to draw. Pure: no DOM, so it is unit-tested in Node.
 */

/** How one state leads to another. */
export type EdgeKind = 'next' | 'choice' | 'default' | 'catch' | 'iteration' | 'branch' | 'start';

export interface GraphNode {
  /** The state's name (unique in a state machine, nested states included), or START for the entry marker. */
  id: string;
  /** What the staff read: the state's French label (workflows/state-labels.ts), or its name when it has none. */
  label: string;
  /** The ASL `Type` (Task, Choice, Map…), or 'Start'. */
  type: string;
  /** The Map or Parallel state whose processor or branch holds this state. */
  parent?: string;
  /** Ends the execution (or its branch or iteration): End, Succeed or Fail. */
  terminal: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** A short French caption (the Choice rule, the errors a Catch takes). */
  label?: string;
}

export interface StateGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The marker node the execution enters the machine from. */
export const START = '__start__';

/** An ASL definition, a Map's processor or a Parallel's branch: where it starts, and its states by name. */
export interface AslDefinition {
  StartAt: string;
  States: Record<string, unknown>;
}

type AslState = Record<string, unknown> & { Type: string };

const lastSegment = (path: unknown): string => (typeof path === 'string' ? (path.split('.').at(-1) ?? path) : '?');

/** Comparison operators by the end of their name (the longest first: `GreaterThanEquals` before `Equals`). */
const COMPARISONS: [suffix: string, sign: string][] = [
  ['GreaterThanEquals', '≥'],
  ['LessThanEquals', '≤'],
  ['GreaterThan', '>'],
  ['LessThan', '<'],
  ['Equals', '='],
  ['Matches', '~'],
];

/** The type tests (`IsPresent`…), as a caption says them. */
const TESTS: Record<string, string> = {
  IsPresent: 'présent',
  IsNull: 'nul',
  IsString: 'texte',
  IsNumeric: 'nombre',
  IsBoolean: 'booléen',
  IsTimestamp: 'date',
};

/** « approved = true », « pages présent »…: enough for a person to tell a Choice's branches apart. */
export function choiceLabel(rule: Record<string, unknown>): string {
  if (Array.isArray(rule.And)) return (rule.And as Record<string, unknown>[]).map(choiceLabel).join(' et ');
  if (Array.isArray(rule.Or)) return (rule.Or as Record<string, unknown>[]).map(choiceLabel).join(' ou ');
  if (rule.Not && typeof rule.Not === 'object') return `non (${choiceLabel(rule.Not as Record<string, unknown>)})`;
  const variable = lastSegment(rule.Variable);
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next') continue;
    const operator = key.replace(/Path$/, '');
    const comparison = COMPARISONS.find(([suffix]) => operator.endsWith(suffix));
    if (comparison) return `${variable} ${comparison[1]} ${key.endsWith('Path') ? lastSegment(value) : String(value)}`;
    if (TESTS[key]) return `${variable} ${value === false ? 'non ' : ''}${TESTS[key]}`;
  }
  return 'condition';
}

/** The errors a Catch takes, in short (« toute erreur » for States.ALL). */
const catchLabel = (errors: unknown): string =>
  Array.isArray(errors) && errors.includes('States.ALL')
    ? 'toute erreur'
    : `erreur ${(errors as string[] | undefined)?.join(', ') ?? ''}`.trim();

/**
 * The nodes and edges of an ASL definition, Map processors and Parallel branches included as states
 * hanging from their state; `labelOf` gives each state the French label the staff read.
 */
export function aslGraph(definition: AslDefinition, labelOf: (state: string) => string = (state) => state): StateGraph {
  const nodes: GraphNode[] = [{ id: START, label: 'Début', type: 'Start', terminal: false }];
  const edges: GraphEdge[] = [{ from: START, to: definition.StartAt, kind: 'start' }];
  const walk = (machine: AslDefinition, parent?: string) => {
    for (const [name, state] of Object.entries(machine.States as Record<string, AslState>)) {
      const terminal = state.End === true || state.Type === 'Succeed' || state.Type === 'Fail';
      nodes.push({ id: name, label: labelOf(name), type: state.Type, ...(parent && { parent }), terminal });
      if (typeof state.Next === 'string') edges.push({ from: name, to: state.Next, kind: 'next' });
      for (const rule of (state.Choices as Record<string, unknown>[] | undefined) ?? [])
        edges.push({ from: name, to: String(rule.Next), kind: 'choice', label: choiceLabel(rule) });
      if (typeof state.Default === 'string') edges.push({ from: name, to: state.Default, kind: 'default', label: 'sinon' });
      for (const c of (state.Catch as { ErrorEquals?: string[]; Next: string }[] | undefined) ?? [])
        edges.push({ from: name, to: c.Next, kind: 'catch', label: catchLabel(c.ErrorEquals) });
      const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
      if (processor) {
        edges.push({ from: name, to: processor.StartAt, kind: 'iteration', label: 'pour chaque élément' });
        walk(processor, name);
      }
      for (const [i, branch] of ((state.Branches as AslDefinition[] | undefined) ?? []).entries()) {
        edges.push({ from: name, to: branch.StartAt, kind: 'branch', label: `branche ${i + 1}` });
        walk(branch, name);
      }
    }
  };
  walk(definition);
  return { nodes, edges };
}

export interface Point {
  x: number;
  y: number;
}

export interface PlacedNode extends GraphNode {
  /** The label as drawn: one line, or two when it is long. */
  lines: string[];
  /** Centre and size, in the drawing's units (CSS pixels at scale 1). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge extends GraphEdge {
  points: Point[];
  /** Where the caption goes, when there is one. */
  labelAt?: Point;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/**
 * A state's box, top to bottom: its label (one or two lines), its name in small monospace (what
 * engineers match to the ASL file), its outcome. Line heights and widths per character, in pixels.
 */
export const BOX = { padding: 8, labelLine: 16, idLine: 14, markLine: 16 } as const;
const LABEL_CHAR = 7.4;
const ID_CHAR = 6.4;
/** Beyond this many characters a label goes on two lines, so that long labels do not make the graph very wide. */
const LABEL_LINE_CHARS = 26;

/** A label on one line, or cut at the space nearest its middle onto two. */
export function labelLines(label: string): string[] {
  if (label.length <= LABEL_LINE_CHARS || !label.includes(' ')) return [label];
  const middle = label.length / 2;
  const spaces = [...label.matchAll(/ /g)].map((m) => m.index);
  const cut = spaces.reduce((best, i) => (Math.abs(i - middle) < Math.abs(best - middle) ? i : best));
  return [label.slice(0, cut), label.slice(cut + 1)];
}

/** A box's height for its label lines. */
export const nodeHeight = (lines: number): number => 2 * BOX.padding + lines * BOX.labelLine + BOX.idLine + BOX.markLine;

/** Wide enough for the label's longest line, the name, and the longest outcome line (« ! Erreur interceptée ×12 »). */
const nodeWidth = (node: GraphNode, lines: readonly string[]): number =>
  Math.max(170, ...lines.map((l) => Math.round(l.length * LABEL_CHAR) + 28), Math.round(node.id.length * ID_CHAR) + 28);

/** Places the graph top to bottom with dagre; loops (a Choice going back) are drawn as back edges. */
export function layoutGraph(graph: StateGraph): GraphLayout {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 44, edgesep: 12, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  const linesOf = new Map(graph.nodes.map((node) => [node.id, node.id === START ? [] : labelLines(node.label)]));
  for (const node of graph.nodes) {
    const lines = linesOf.get(node.id)!;
    g.setNode(node.id, node.id === START ? { width: 28, height: 28 } : { width: nodeWidth(node, lines), height: nodeHeight(lines.length) });
  }
  graph.edges.forEach((edge, i) => {
    const label = edge.label ? { width: Math.round(edge.label.length * 6.2) + 8, height: 16, labelpos: 'c' as const } : {};
    g.setEdge(edge.from, edge.to, { ...label }, `e${i}`);
  });
  layout(g);
  const nodes = graph.nodes.map((node) => {
    const placed = g.node(node.id);
    return { ...node, lines: linesOf.get(node.id)!, x: placed.x, y: placed.y, width: placed.width, height: placed.height };
  });
  const edges = graph.edges.map((edge, i) => {
    const placed = g.edge({ v: edge.from, w: edge.to, name: `e${i}` });
    return {
      ...edge,
      points: ((placed.points ?? []) as Point[]).map(({ x, y }) => ({ x, y })),
      ...(edge.label && placed.x !== undefined && placed.y !== undefined && { labelAt: { x: placed.x, y: placed.y } }),
    };
  });
  const { width = 0, height = 0 } = g.graph();
  return { width, height, nodes, edges };
}
