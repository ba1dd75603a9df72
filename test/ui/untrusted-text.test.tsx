import { describe, expect, it } from 'vitest';
import { ConfirmDialog, ListPicker } from '../../src/ui/index.js';
import { DetailView } from '../../src/ui/panes/DetailView.js';
import { InputDialog } from '../../src/ui/panes/InputDialog.js';
import { renderUi } from '../support/ui/render.js';

// What an agent could leave in a state_reason, an issue title or a file name:
// an OSC that sets the terminal title, a C1 CSI (0x9b) that starts a cursor move, a C1 NEL (0x85).
const OSC_TITLE = '\x1b]0;pwned-title\x07';
const REASON = `${OSC_TITLE}tests \x9b2Jfailed\x85 twice`;

function expectClean(frame: string): void {
  expect(frame).not.toContain('\x1b]');
  expect(frame).not.toContain('pwned-title');
  expect(frame).not.toMatch(/[\x80-\x9f]/);
}

describe('dialogs draw untrusted text sanitized', () => {
  it('the stop dialog body (state_reason) and title', () => {
    const app = renderUi(
      <ConfirmDialog
        title={`Stop web/${OSC_TITLE}furiosa`}
        body={[`mark furiosa dead (was stuck: ${REASON})`, `  land plan: src/a\x85b.ts`]}
        width={80}
        destructive
        onConfirm={() => undefined}
        onCancel={() => undefined}
      />,
    );
    const f = app.frame();
    expectClean(f);
    expect(f).toContain('Stop web/furiosa');
    expect(f).toContain('mark furiosa dead (was stuck: tests failed twice)');
    // Indentation of a plan line is kept.
    expect(f).toContain('  land plan: src/ab.ts');
    app.unmount();
  });

  it('the detail view', () => {
    const app = renderUi(
      <DetailView
        title={`web-mr1 ${OSC_TITLE}failed`}
        lines={[REASON]}
        width={80}
        height={10}
        onClose={() => undefined}
      />,
    );
    const f = app.frame();
    expectClean(f);
    expect(f).toContain('web-mr1 failed');
    expect(f).toContain('tests failed twice');
    app.unmount();
  });

  it('the input dialog title and a filled field', () => {
    const app = renderUi(
      <InputDialog
        title={`Reply to ${OSC_TITLE}mail`}
        fields={[
          { name: 'a', label: 'to', initial: 'x' },
          { name: 'b', label: 'subject', initial: `Re: ${REASON}` },
        ]}
        width={80}
        onSubmit={() => undefined}
        onCancel={() => undefined}
      />,
    );
    const f = app.frame();
    expectClean(f);
    expect(f).toContain('Reply to mail');
    expect(f).toContain('subject: Re: tests failed twice');
    app.unmount();
  });

  it('the list picker title and items', () => {
    const app = renderUi(
      <ListPicker<string>
        title={`Pick ${OSC_TITLE}one`}
        items={[`web-1  ${REASON}`]}
        label={(s) => s}
        onPick={() => undefined}
        onCancel={() => undefined}
        width={80}
        height={8}
      />,
    );
    const f = app.frame();
    expectClean(f);
    expect(f).toContain('Pick one');
    expect(f).toContain('web-1  tests failed twice');
    app.unmount();
  });
});
