// The projects kept in this browser: open one, rename, duplicate or delete it, see what each takes on
// disk; import a classifier exported from Graft as a new project.
import { useState } from 'react';
import type { ProjectSummary, ProjectUsage } from '../../shared/project';
import { percent, plural } from '../format';
import { formatBytes } from '../../shared/text';
import forms from '../forms.module.css';
import styles from './Projects.module.css';

interface Props {
  readonly projects: readonly ProjectSummary[];
  readonly currentId: string | null;
  readonly usage: ProjectUsage | null;
  readonly keepImages: boolean;
  readonly onKeepImages: (keep: boolean) => void;
  readonly onOpen: (id: string) => void;
  readonly onRename: (id: string, name: string) => void;
  readonly onDuplicate: (id: string) => void;
  readonly onDelete: (id: string) => void;
  readonly onImport: (file: File) => void;
  readonly message: { readonly text: string; readonly error: boolean } | null;
  readonly disabled: boolean;
  /**
   * The engine is busy beside the session (a cost measurement, a k-fold estimate): opening a project
   * or importing a model would wait behind it, so they are disabled; rename, duplicate and delete
   * touch only storage, in a worker of their own, and stay available.
   */
  readonly engineBusy: boolean;
  /** The project opened last is being reopened (after a reload). */
  readonly restoring: boolean;
}

function Row({
  project,
  current,
  size,
  disabled,
  engineBusy,
  ...act
}: {
  readonly project: ProjectSummary;
  readonly current: boolean;
  readonly size: number | undefined;
  readonly disabled: boolean;
  readonly engineBusy: boolean;
} & Pick<Props, 'onOpen' | 'onRename' | 'onDuplicate' | 'onDelete'>) {
  const [editing, setEditing] = useState<string | null>(null);
  const { id, name } = project;
  return (
    <li
      className={current ? styles.current : undefined}
      data-testid="project-row"
      data-current={current}
    >
      {editing === null ? (
        <span className={styles.name}>{name}</span>
      ) : (
        <form
          className={styles.rename}
          onSubmit={(e) => {
            e.preventDefault();
            act.onRename(id, editing);
            setEditing(null);
          }}
        >
          <input
            aria-label={`New name for ${name}`}
            value={editing}
            autoFocus
            onChange={(e) => setEditing(e.target.value)}
          />
          <button type="submit">Save</button>
        </form>
      )}
      <span className={styles.facts}>
        {plural(project.classes, 'class', 'classes')} · {plural(project.images, 'image')}
        {project.accuracy !== null &&
          Number.isFinite(project.accuracy) &&
          ` · ${percent(project.accuracy)} test`}
        {size !== undefined && ` · ${formatBytes(size)}`}
        {!project.keepImages && ' · images not kept'}
      </span>
      <span className={styles.buttons}>
        {current ? (
          <strong>open</strong>
        ) : (
          <button
            type="button"
            disabled={disabled || engineBusy}
            onClick={() => act.onOpen(id)}
            aria-label={`Open ${name}`}
          >
            Open
          </button>
        )}
        <button
          type="button"
          disabled={disabled}
          onClick={() => setEditing(name)}
          aria-label={`Rename ${name}`}
        >
          Rename
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => act.onDuplicate(id)}
          aria-label={`Duplicate ${name}`}
        >
          Duplicate
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => {
            if (
              confirm(
                `Delete the project "${name}"? Its images and features go too, unless another project uses them.`,
              )
            )
              act.onDelete(id);
          }}
          aria-label={`Delete ${name}`}
        >
          Delete
        </button>
      </span>
    </li>
  );
}

/** What the projects take ("12 MB in all") and, before the first one, what a project is. */
function usageLine(totalBytes: number | null, hasProjects: boolean): string {
  const used = totalBytes === null ? '' : `${formatBytes(totalBytes)} in all`;
  if (hasProjects) return used;
  const hint = 'Each folder you add becomes a project, kept in this browser.';
  return totalBytes ? `${used}. ${hint}` : hint;
}

export function Projects(props: Props) {
  const { projects, currentId, usage, disabled, message } = props;
  return (
    <section className={styles.box} aria-label="Projects" aria-busy={props.restoring}>
      <div className={styles.head}>
        <strong>Projects</strong>
        <span className={styles.muted} data-testid="projects-usage">
          {usageLine(usage?.total ?? null, projects.length > 0)}
        </span>
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={props.keepImages}
            onChange={(e) => props.onKeepImages(e.target.checked)}
          />
          Keep the original images of new projects (to extract again with another backbone)
        </label>
        <label
          className={styles.import}
          title="A .zip exported from Graft, opened as a new project"
        >
          Import model
          <input
            className={forms.pickInput}
            type="file"
            accept=".zip,application/zip"
            disabled={disabled || props.engineBusy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) props.onImport(file);
            }}
          />
        </label>
      </div>
      {projects.length > 0 && (
        <ul className={styles.list}>
          {projects.map((p) => (
            <Row
              key={p.id}
              project={p}
              current={p.id === currentId}
              size={usage?.perProject[p.id]}
              disabled={disabled}
              engineBusy={props.engineBusy}
              onOpen={props.onOpen}
              onRename={props.onRename}
              onDuplicate={props.onDuplicate}
              onDelete={props.onDelete}
            />
          ))}
        </ul>
      )}
      {message && (
        <p
          className={message.error ? styles.error : styles.muted}
          role={message.error ? 'alert' : 'status'}
          data-testid="project-message"
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
