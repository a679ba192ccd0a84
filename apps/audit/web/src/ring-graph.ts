import cytoscape from 'cytoscape';
import { nameOf } from './names';

export interface RingEdge {
  seller: string;
  buyer: string;
  invoiceNumber: string;
  label: string;
}

/**
 * The ring as a graph: companies as nodes (name over tax ID), each invoice an edge labelled
 * with its amount; tapping an edge opens it. The container is marked data-graph="ready".
 */
export function drawRing(
  container: HTMLElement,
  ring: string[],
  edges: RingEdge[],
  open: (invoiceNumber: string) => void,
): void {
  const graph = cytoscape({
    container,
    elements: [
      ...ring.map((taxId) => ({ data: { id: taxId, label: `${nameOf(taxId)}\n${taxId}` } })),
      ...edges.map((e) => ({
        data: { id: e.invoiceNumber, source: e.seller, target: e.buyer, label: e.label },
      })),
    ],
    layout: { name: 'circle', padding: 40, startAngle: -Math.PI / 2 },
    userZoomingEnabled: false,
    userPanningEnabled: false,
    boxSelectionEnabled: false,
    autoungrabify: true,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'text-wrap': 'wrap',
          'text-max-width': '160px',
          'text-valign': 'bottom',
          'text-margin-y': 6,
          'font-size': 11,
          color: '#1b2330',
          'background-color': '#14243d',
          width: 26,
          height: 26,
        },
      },
      {
        selector: 'edge',
        style: {
          label: 'data(label)',
          'curve-style': 'bezier',
          'control-point-step-size': 40,
          'target-arrow-shape': 'triangle',
          'line-color': '#b3261e',
          'target-arrow-color': '#b3261e',
          width: 3,
          'font-size': 11,
          color: '#b3261e',
          'text-background-color': '#fff',
          'text-background-opacity': 1,
          'text-background-padding': '2px',
        },
      },
    ],
  });
  graph.on('tap', 'edge', (event) => open((event.target as cytoscape.EdgeSingular).id()));
  graph.on('mouseover', 'edge', () => (container.style.cursor = 'pointer'));
  graph.on('mouseout', 'edge', () => (container.style.cursor = ''));
  container.dataset.graph = 'ready';
  container.dataset.nodes = String(graph.nodes().length);
  container.dataset.edges = String(graph.edges().length);
}
