// "Check data" (the data doctor, issue #27): the checks of ml/doctor over the cached features of
// every imported image, through the compute slot like the other operations (cancellable, moves to
// another backend when a device is lost). It reads features only: it never runs the backbone, so it
// needs the features Train extracts, and it costs no extraction Train would not have done.
import type { ContentHash } from '../shared/brand';
import type { BackboneSpec } from '../shared/engine';
import type { TrainConfig } from '../shared/training';
import type {
  CheckedImage,
  DataCheckEvent,
  DataCheckOptions,
  DataCheckReport,
  FindingKind,
} from '../shared/doctor';
import { DEFAULT_DATA_CHECK } from '../shared/doctor';
import { assignFolds } from '../data/folds';
import { runChecks } from '../ml/doctor/runChecks';
import { keptFindings, keptKey } from '../data/doctorFixes';
import type { EngineContext } from './context';
import { createDoctorSession } from './doctorFixOps';

/** Folds' seed salt, apart from the split's and the k-fold estimate's. */
const DOCTOR_FOLD_SALT = 0xd0c7;

export function createDoctorOps(ctx: EngineContext) {
  const session = createDoctorSession(ctx);
  return {
    ...session.ops,
    /** Not for the page: what modelOps records with a run (see engine.ts). */
    dataFixSummary: session.summary,
    /** Runs the three checks on the cached features; extract (Train) first. Cancel stops it. */
    async checkData(
      spec: BackboneSpec,
      config: TrainConfig,
      options: DataCheckOptions = DEFAULT_DATA_CHECK,
      onEvent?: (event: DataCheckEvent) => void,
    ): Promise<DataCheckReport & { readonly movedForLeaks: number }> {
      const { manifest } = ctx.requireDataset();
      const kept = keptFindings((await session.current()).log);
      const report = await ctx.cancellable((signal) =>
        ctx.withFallback(async () => {
          const model = await ctx.compute.ensureBackbone(spec);
          const sets = await ctx.loadFeatureSets(model.info);
          const all = [sets.train, sets.val, sets.test];
          const vectors = all.flatMap((s) => s.vectors);
          const labels = all.flatMap((s) => s.labels);
          const ids = all.flatMap((s) => s.ids);
          if (vectors.length === 0) throw new Error('No features yet: press Train first.');
          const byId = new Map(manifest.images.map((image) => [image.id, image]));
          const images: CheckedImage[] = ids.map((id) => {
            const { path, classIndex, split } = byId.get(id)!;
            return { id, path, classIndex, split };
          });
          const folds = assignFolds(
            ids.map((id, i) => ({ id, classIndex: labels[i]! })),
            options.k,
            (manifest.splitSeed ^ DOCTOR_FOLD_SALT) >>> 0,
          );
          const found = await runChecks({
            vectors,
            labels,
            folds: ids.map((id) => folds.get(id)!),
            k: options.k,
            featureShape: model.info.featureShape,
            numClasses: manifest.classes.length,
            config,
            duplicateThreshold: options.duplicateThreshold,
            neighbours: options.neighbours,
            baseline: options.diagnostics,
            shouldStop: () => signal.aborted,
            onHeads: (done, total) => onEvent?.({ type: 'heads', done, total }),
            onDuplicates: (done, total) => onEvent?.({ type: 'duplicates', done, total }),
          });
          const issue = (i: (typeof found.issues)[number]) => ({
            ...images[i.index]!,
            suggestedClass: i.suggestedClass,
            givenProbability: i.givenProbability,
            suggestedProbability: i.suggestedProbability,
            margin: i.margin,
          });
          onEvent?.({ type: 'done' });
          const result: DataCheckReport = {
            images: images.length,
            classes: manifest.classes.map((c) => c.name),
            options,
            mislabeled: found.issues.map(issue),
            duplicates: found.groups.map(({ members, similarity }) => {
              const group = members.map((i) => images[i]!);
              return {
                members: group,
                similarity,
                leak: new Set(group.map((m) => m.split)).size > 1,
              };
            }),
            outliers: found.outliers.map((o) => ({
              ...images[o.index]!,
              score: o.score,
              z: o.z,
              nearestClass: o.nearestClass,
            })),
            seconds: found.seconds,
            ...(found.baseline && {
              diagnostics: {
                selfConfidence: found.baseline.map(issue),
                neighbours: found.neighbours.map((list, i) => ({
                  path: images[i]!.path,
                  near: list.map((n) => ({
                    path: images[n.index]!.path,
                    similarity: n.similarity,
                  })),
                })),
              },
            }),
          };
          return result;
        }),
      );
      // Findings the person kept are never shown again for that reason; every group found stays
      // on one side of the split from now on, whether shown or kept.
      const shown = (id: ContentHash, kind: FindingKind) => !kept.has(keptKey(id, kind));
      const { movedForLeaks } = await session.keepTogether(
        report.duplicates.map((g) => g.members.map((m) => m.id)),
      );
      return {
        ...report,
        mislabeled: report.mislabeled.filter((f) => shown(f.id, 'mislabeled')),
        duplicates: report.duplicates.filter((g) =>
          g.members.every((m) => shown(m.id, g.leak ? 'leak' : 'duplicate')),
        ),
        outliers: report.outliers.filter((f) => shown(f.id, 'outlier')),
        movedForLeaks,
      };
    },
  };
}
