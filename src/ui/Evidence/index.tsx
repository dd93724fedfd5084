// Evidence heatmaps in the page: "Show evidence" (a button and its dialog), the heatmap canvas the
// webcam lays over its video, and "Per class, at a glance".
export { ShowEvidence } from './ShowEvidence';
export { HeatmapCanvas } from './HeatmapCanvas';
export { AtAGlance } from './AtAGlance';
