// Page object: drives the app only through its automation contract (labels, test ids, URL parameters).
import { expect, type Locator, type Page } from '@playwright/test';

export class GraftPage {
  readonly phase: Locator;
  readonly backend: Locator;
  readonly testAccuracy: Locator;
  /** The backbone picker: its value is a built-in id, "imported:<id>" or "descriptor". */
  readonly backbonePicker: Locator;
  /** The Projects region: aria-busy="true" while the project opened last is being restored. */
  readonly projects: Locator;
  /** The extraction estimate for the backbone selected now. */
  readonly costEstimate: Locator;

  constructor(readonly page: Page) {
    this.phase = page.getByTestId('phase');
    this.backend = page.getByTestId('backend');
    this.testAccuracy = page.getByTestId('test-accuracy');
    this.backbonePicker = page.getByRole('combobox', { name: 'Backbone', exact: true });
    this.projects = page.getByRole('region', { name: 'Projects' });
    this.costEstimate = page.getByTestId('cost-estimate');
  }

  async open(params: Record<string, string> = {}) {
    await this.page.goto(`/?${new URLSearchParams(params)}`);
    // 'done' when the project opened last comes back with its trained model.
    await expect(this.phase).toHaveText(/idle|done/);
    await expect(this.backend).not.toHaveText('starting…', { timeout: 60_000 });
    // Settled: the project opened last (if any) is back, so nothing replaces what the test does next.
    await expect(this.projects).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
  }

  async importFolder(dir: string) {
    // A directory upload only completes on the front page: with two pages open, the other one hangs.
    await this.page.bringToFront();
    await this.page.getByLabel('Dataset folder').setInputFiles(dir);
    await expect(this.page.getByTestId('class-row').first()).toBeVisible({ timeout: 60_000 });
    await expect(this.phase).toHaveText('idle');
  }

  /**
   * Unfolds Advanced (head, optimizer, learning rate, batch size, patience, seeds, augmentation),
   * folded on a first visit: its fields can be set only once it is open.
   */
  async openAdvanced() {
    const advanced = this.page.getByTestId('advanced-settings');
    if ((await advanced.getAttribute('open')) === null) await advanced.locator('summary').click();
    await expect(advanced).toHaveAttribute('open', '');
  }

  async train(timeout = 180_000) {
    // A page that has trained (or reopened a trained project) still reads 'done' until the worker
    // reports the new run, late on a busy machine: the run is over when its row is in the runs
    // table (or the phase reads 'error', which waitForDone then explains).
    // A runs table replaced rather than grown (a project reopened meanwhile) keeps its count, so
    // a phase seen busy after the click, then done again, also ends the wait.
    const runs = this.page.getByTestId('run-row');
    const before = await runs.count();
    await this.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { graftPhasesSeen: string[] }).graftPhasesSeen = seen;
      const read = () => document.querySelector('[data-testid="phase"]')?.textContent ?? '';
      new MutationObserver(() => seen.push(read())).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    const sawBusy = () =>
      this.page.evaluate(() =>
        (window as unknown as { graftPhasesSeen: string[] }).graftPhasesSeen.some(
          (p) => p !== '' && p !== 'done' && p !== 'idle',
        ),
      );
    await this.page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect
      .poll(
        async () => {
          const phase = await this.phase.innerText();
          if ((await runs.count()) > before || phase === 'error') return true;
          return phase === 'done' && (await sawBusy());
        },
        { timeout },
      )
      .toBe(true);
    await this.waitForDone(timeout);
  }

  /** Waits for training to finish; on an error, fails with the app's own message. */
  async waitForDone(timeout = 180_000) {
    await expect(this.phase).toHaveText(/done|error/, { timeout });
    await expect(this.phase, await this.errorText()).toHaveText('done');
  }

  /** The error banner's text, to explain a failure. */
  async errorText(): Promise<string> {
    const banner = this.page.getByRole('alert');
    return (await banner.count()) > 0 ? (await banner.allInnerTexts()).join(' | ') : '';
  }

  async accuracyPercent(): Promise<number> {
    const text = (await this.testAccuracy.innerText()).trim();
    expect(text).toMatch(/^\d{1,3}\.\d%$/);
    return Number(text.slice(0, -1));
  }
}
