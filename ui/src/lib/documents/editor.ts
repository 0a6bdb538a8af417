// The report editor: TipTap (ProseMirror) with exactly the nodes the print
// crate renders (crates/core/src/printable.rs lists them), Word's keys, and
// two nodes of Carnet's own — the page break and, in templates, the merge
// field shown as a chip. The stored body is the editor's JSON as it is.
import { Editor, Extension, Node, mergeAttributes, type JSONContent } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import TextAlign from '@tiptap/extension-text-align';
import { TableKit } from '@tiptap/extension-table';
import type { Mark } from '@tiptap/pm/model';

export type DocJson = JSONContent;

/** An empty report body. */
export function emptyDoc(): DocJson {
  return { type: 'doc', content: [{ type: 'paragraph' }] };
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    pageBreak: { setPageBreak: () => ReturnType };
    mergeField: { insertMergeField: (field: string, label: string) => ReturnType };
  }
}

/** « Saut de page »: a block of its own, printed as a new page. */
export const PageBreak = Node.create({
  name: 'pageBreak',
  group: 'block',
  atom: true,
  selectable: true,
  parseHTML: () => [{ tag: 'div[data-page-break]' }],
  renderHTML: ({ HTMLAttributes }) => [
    'div',
    mergeAttributes(HTMLAttributes, { 'data-page-break': '', class: 'page-break' }),
  ],
  addCommands() {
    return {
      setPageBreak:
        () =>
        ({ commands }) =>
          commands.insertContent({ type: this.name }),
    };
  },
  // Word: Ctrl+Entrée.
  addKeyboardShortcuts() {
    return { 'Mod-Enter': () => this.editor.commands.setPageBreak() };
  },
});

/**
 * A merge field in a template (`{field: "patient.birthName"}`): picked from
 * the catalogue, never typed, shown as a chip with its French label. The
 * core fills it; the label is only what the chip shows. In a report, a
 * field the patient's file had no value for stays a chip (`missing`).
 */
export const MergeField = Node.create({
  name: 'mergeField',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  addAttributes() {
    return {
      field: { default: '' },
      label: { default: '' },
      // Set by the core when a filled template had no value for it: the
      // chip stays, in red, until she types the value in its place.
      missing: {
        default: false,
        parseHTML: (element) => element.hasAttribute('data-missing'),
        renderHTML: (attributes) => (attributes['missing'] ? { 'data-missing': '' } : {}),
      },
    };
  },
  parseHTML: () => [{ tag: 'span[data-merge-field]' }],
  renderHTML: ({ node, HTMLAttributes }) => [
    'span',
    mergeAttributes(HTMLAttributes, {
      'data-merge-field': node.attrs.field,
      class: 'merge-field',
      contenteditable: 'false',
    }),
    `${node.attrs.label || node.attrs.field}`,
  ],
  addCommands() {
    return {
      insertMergeField:
        (field, label) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { field, label } }),
    };
  },
});

/**
 * Word's alignment keys (Ctrl+E centre, Ctrl+R droite, Ctrl+J justifié) and
 * headings (Ctrl+Alt+1…3). Ctrl+L stays Carnet's « Verrouiller »: left
 * alignment is Ctrl+Maj+L (TipTap's), as listed in F1.
 */
const WordKeys = Extension.create({
  name: 'wordKeys',
  addKeyboardShortcuts() {
    return {
      'Mod-e': () => this.editor.commands.setTextAlign('center'),
      'Mod-r': () => this.editor.commands.setTextAlign('right'),
      'Mod-j': () => this.editor.commands.setTextAlign('justify'),
      'Mod-Alt-1': () => this.editor.commands.toggleHeading({ level: 1 }),
      'Mod-Alt-2': () => this.editor.commands.toggleHeading({ level: 2 }),
      'Mod-Alt-3': () => this.editor.commands.toggleHeading({ level: 3 }),
      'Mod-Alt-0': () => this.editor.commands.setParagraph(),
    };
  },
});

export interface EditorOptions {
  element: HTMLElement;
  content: DocJson;
  /** Templates hold merge fields; a report only those a filled template lacked. */
  mergeFields?: boolean;
  editable?: boolean;
  onChange?: (doc: DocJson) => void;
  onSelectionChange?: () => void;
  /** For the page's own keys (snippet codes): true when handled. */
  onKeyDown?: (event: KeyboardEvent) => boolean;
}

export function createEditor(options: EditorOptions): Editor {
  const extensions = [
    StarterKit.configure({
      heading: { levels: [1, 2, 3] },
      // What the printed page does not render is not offered either.
      blockquote: false,
      code: false,
      codeBlock: false,
      strike: false,
      link: false,
      horizontalRule: false,
    }),
    TextAlign.configure({ types: ['heading', 'paragraph'] }),
    TableKit.configure({ table: { resizable: false } }),
    PageBreak,
    WordKeys,
  ];
  if (options.mergeFields) extensions.push(MergeField);
  return new Editor({
    element: options.element,
    extensions,
    content: options.content,
    editable: options.editable ?? true,
    editorProps: {
      attributes: {
        // WebKitGTK's French checker (switched on by the shell) underlines
        // what it does not know.
        spellcheck: 'true',
        lang: 'fr',
        class: 'report-page',
        role: 'textbox',
        'aria-multiline': 'true',
      },
      handleKeyDown: (_view, event) => options.onKeyDown?.(event) ?? false,
    },
    onUpdate: ({ editor }) => options.onChange?.(editor.getJSON()),
    onSelectionUpdate: () => options.onSelectionChange?.(),
    onTransaction: () => options.onSelectionChange?.(),
  });
}

/** The plain text of a document (snippet expansion, tests). */
export function plainText(doc: DocJson): string {
  if (doc.type === 'text') return doc.text ?? '';
  if (doc.type === 'mergeField') return `[${doc.attrs?.label ?? doc.attrs?.field ?? ''}]`;
  const inner = (doc.content ?? []).map(plainText);
  const blockish = ['doc', 'bulletList', 'orderedList', 'table', 'tableRow'];
  return inner.join(blockish.includes(doc.type ?? '') ? '\n' : '');
}

/**
 * The word just before the caret, when it is a snippet code typed at the
 * end of a word (letters, digits, `-` and `.`); the expansion replaces it.
 */
export function wordBeforeCaret(textBefore: string): string {
  const match = /([\p{L}\p{N}.\-]+)$/u.exec(textBefore);
  return match?.[1] ?? '';
}

/** A template field still to complete in a body (a red chip). */
export interface OpenField {
  field: string;
  label: string;
}

/** The fields still to complete in a body, once each, in order of appearance. */
export function openFields(doc: DocJson): OpenField[] {
  const out: OpenField[] = [];
  const walk = (node: DocJson) => {
    if (node.type === 'mergeField') {
      const field = String(node.attrs?.field ?? '');
      if (!out.some((f) => f.field === field)) out.push({ field, label: String(node.attrs?.label || field) });
    }
    node.content?.forEach(walk);
  };
  walk(doc);
  return out;
}

/**
 * Puts `value` in place of every chip of `field`, in one step she can undo
 * (Ctrl+Z). Answers how many chips were replaced.
 */
export function completeField(editor: Editor, field: string, value: string): number {
  const places: { from: number; to: number; marks: readonly Mark[] }[] = [];
  editor.state.doc.descendants((node, pos) => {
    if (node.type.name === 'mergeField' && node.attrs.field === field) {
      places.push({ from: pos, to: pos + node.nodeSize, marks: node.marks });
    }
  });
  if (places.length === 0 || value.trim() === '') return 0;
  const tr = editor.state.tr;
  // From the end, so the earlier positions stay right.
  for (const place of places.reverse()) {
    tr.replaceWith(place.from, place.to, editor.schema.text(value.trim(), place.marks));
  }
  editor.view.dispatch(tr);
  return places.length;
}
