// The input size's hint names the selected backbone's own size (it said VGG16's under any).
import { BUILTIN_BACKBONE_FACTS } from '../../shared/backbone';
import type { ImportedBackbone } from '../../shared/backboneImport';
import type { BackboneChoice } from '../../shared/session';

export function inputSizeHint(
  choice: BackboneChoice,
  imported: readonly ImportedBackbone[],
): string {
  const start = 'Pixels per side. Larger is slower';
  if (choice.kind === 'builtin') {
    const facts = BUILTIN_BACKBONE_FACTS[choice.id];
    return `${start}; ${facts.defaultInputSize} is ${facts.label}'s own size.`;
  }
  const b = choice.kind === 'imported' ? imported.find((i) => i.id === choice.id) : undefined;
  return b
    ? `${start}; ${b.inputSize} is ${b.name}'s own size (Backbone default).`
    : `${start}; Backbone default is the size the model declares.`;
}
