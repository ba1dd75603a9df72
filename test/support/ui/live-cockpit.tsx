import { TownStore, type TownStoreOptions } from '../../../src/store/town-store.js';
import type { Town } from '../../../src/town/town.js';
import { townActions } from '../../../src/ui/app/actions.js';
import { App } from '../../../src/ui/app/App.js';
import { local } from '../runner.js';
import { waitFor } from '../town-fixture.js';
import { renderUi, tick, type Rendered } from './render.js';

export type LiveCockpit = {
  store: TownStore;
  ui: Rendered;
  /** Wait until the frame shows `text` (or matches); returns the frame. */
  see: (text: string | RegExp, ms?: number) => Promise<string>;
  close: () => Promise<void>;
};

/** The cockpit on a real town: a real store on its files and the real actions (this machine's runner). */
export function liveCockpit(
  town: Town,
  opts: { store?: TownStoreOptions; cols?: number; rows?: number; clockMs?: number } = {},
): LiveCockpit {
  const store = new TownStore(town.root, opts.store).start();
  const ui = renderUi(
    <App
      store={store}
      actions={townActions(town, local)}
      cols={opts.cols ?? 120}
      rows={opts.rows ?? 30}
      onQuit={() => {}}
      previewMs={0}
      clockMs={opts.clockMs ?? 0}
    />,
  );
  const see = (text: string | RegExp, ms = 20_000) =>
    waitFor(
      `frame showing ${String(text)}`,
      async () => {
        await tick();
        store.flush();
        const frame = ui.frame();
        return (typeof text === 'string' ? frame.includes(text) : text.test(frame)) ? frame : undefined;
      },
      ms,
    );
  return {
    store,
    ui,
    see,
    close: async () => {
      ui.unmount();
      await store.stop();
    },
  };
}
