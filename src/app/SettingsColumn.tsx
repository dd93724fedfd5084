// The settings column of the Train step: what a first run needs in view (backbone, input size,
// epochs), the backbone import panel right below the picker that opens it, the rest folded under
// Advanced (remembered open or folded), and the Weights panel of a built-in backbone.
import type { BackboneSpec } from '../shared/engine';
import type { Settings } from '../shared/session';
import { BUILTIN_BACKBONE_FACTS } from '../shared/backbone';
import { TrainSettings } from '../ui/TrainSettings';
import { AdvancedSettings } from '../ui/AdvancedSettings';
import { TrainAdvanced } from '../ui/TrainAdvanced';
import { AugmentSettings } from '../ui/AugmentSettings';
import { BackboneImport } from '../ui/BackboneImport';
import { WeightsPanel } from '../ui/WeightsPanel';
import type { useImportedBackbones } from './useImportedBackbones';
import type { ImportedBackbone } from '../shared/backboneImport';
import type { useSession } from './useSession';
import { useRememberedFlag } from './useRememberedFlag';
import styles from './App.module.css';

/** localStorage key: whether Advanced is open (folded on a first visit). */
const ADVANCED_OPEN_KEY = 'graft.advancedOpen';

interface Props {
  readonly session: ReturnType<typeof useSession>;
  readonly settings: Settings;
  readonly setSettings: (settings: Settings) => void;
  readonly spec: BackboneSpec;
  readonly busy: boolean;
  /** The picker's imported backbones and the import panel's state. */
  readonly imports: Omit<ReturnType<typeof useImportedBackbones>, 'imported'> & {
    readonly imported: readonly ImportedBackbone[];
  };
  /** Training and test images of the dataset (null before an import). */
  readonly trainImages: number | null;
  readonly testImages: number | null;
}

export function SettingsColumn({ session, settings, setSettings, spec, busy, ...props }: Props) {
  const { state } = session;
  const { imported, showImport, setShowImport, onImported } = props.imports;
  const [advancedOpen, setAdvancedOpen] = useRememberedFlag(ADVANCED_OPEN_KEY, false);
  return (
    <div className={styles.settingsColumn}>
      <TrainSettings
        settings={settings}
        onChange={setSettings}
        disabled={busy}
        imported={imported}
        onImportRequested={() => setShowImport(true)}
      />
      {showImport && (
        <BackboneImport
          disabled={busy}
          inspect={session.inspectBackbone}
          save={session.saveImportedBackbone}
          onSaved={onImported}
          onClose={() => setShowImport(false)}
        />
      )}
      <AdvancedSettings
        open={advancedOpen}
        onToggle={setAdvancedOpen}
        train={settings.train}
        augment={settings.augment}
      >
        <TrainAdvanced
          train={settings.train}
          onChange={(train) => setSettings({ ...settings, train })}
          disabled={busy}
        />
        <AugmentSettings
          augment={settings.augment}
          onChange={(augment) => setSettings({ ...settings, augment })}
          disabled={busy}
          trainImages={props.trainImages}
          testImages={props.testImages}
          msPerImage={state.backend?.measured?.msPerImage ?? null}
        />
      </AdvancedSettings>
      {spec.kind === 'builtin' && (
        <WeightsPanel
          id={spec.id}
          inUse={
            state.backbone && state.backbone.name === BUILTIN_BACKBONE_FACTS[spec.id].label
              ? state.backbone
              : null
          }
          disabled={busy}
          install={(id, source, onStage) => session.installWeights(id, source, onStage, spec)}
        />
      )}
    </div>
  );
}
