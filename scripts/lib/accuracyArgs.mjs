// The accuracy benchmark's command line (scripts/benchAccuracy.mjs): which settings, how many split
// seeds, which backbone and dataset. Apart from the script so that tests can read it without a run.
import { readArgs } from './args.mjs';

export const SETTINGS = [
  'head',
  'augment-k2',
  'augment-k4',
  'flip',
  'augment-k4+flip',
  'fine-tune',
  'fine-tune+flip',
  'fine-tune+augment-k2+flip',
];

// The default run answers the question that decides the product (does fine-tuning beat the head
// alone by more than the seed-to-seed spread?) in about a quarter of an hour on a 2-core machine;
// every setting over five seeds takes hours there and is asked for with --settings all --seeds 5.
export const DEFAULT_SETTINGS = ['head', 'fine-tune'];
export const DEFAULT_SEEDS = 3;

const HELP = `npm run bench:accuracy -- [options]
  --backbone <x>   preset from ../shared/assets (mobilenet-v2-0.35, darknet-tiny) or a descriptor
                   JSON path (default mobilenet-v2-0.35)
  --dataset <dir>  folder of class folders (default ../shared/assets/datasets/flowers-dev)
  --seeds <n>      split seeds 1..n (default ${DEFAULT_SEEDS})
  --settings <a,b> some of: ${SETTINGS.join(', ')}, or all
                   (default ${DEFAULT_SETTINGS.join(',')})
  --size <n>       input size, where the backbone's model allows another
  --fine-tune-epochs <n>  most fine-tuning epochs (default the app's 10; early stopping may end sooner)
  --port <n>       preview port (default 4199)`;

export function parseAccuracyArgs(argv) {
  const o = {
    backbone: null,
    dataset: null,
    seeds: DEFAULT_SEEDS,
    settings: DEFAULT_SETTINGS,
    size: null,
    port: 4199,
    fineTuneEpochs: null,
  };
  readArgs(argv, HELP, (a, { value, count }) => {
    if (a === '--backbone') o.backbone = value();
    else if (a === '--dataset') o.dataset = value();
    else if (a === '--seeds') o.seeds = count();
    else if (a === '--size') o.size = count();
    else if (a === '--fine-tune-epochs') o.fineTuneEpochs = count();
    else if (a === '--port') o.port = count();
    else if (a === '--settings') {
      const list = value();
      o.settings = list === 'all' ? SETTINGS : list.split(',');
      const unknown = o.settings.filter((s) => !SETTINGS.includes(s));
      if (unknown.length) throw new Error(`Unknown setting ${unknown.join(', ')}\n${HELP}`);
    } else return false;
    return true;
  });
  return o;
}
