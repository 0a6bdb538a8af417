import { afterEach, describe, expect, it } from 'vitest';
import type { Editor } from '@tiptap/core';
import { completeField, createEditor, openFields, plainText, wordBeforeCaret, type DocJson } from './editor';

/** The node types the print crate renders (crates/core/src/printable.rs). */
const PRINTED = new Set([
  'doc',
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
  'hardBreak',
  'pageBreak',
  'text',
]);

function types(node: DocJson, into = new Set<string>()): Set<string> {
  if (node.type) into.add(node.type);
  for (const child of node.content ?? []) types(child, into);
  return into;
}

let editor: Editor | undefined;
afterEach(() => editor?.destroy());

function mount(content: DocJson, mergeFields = false): Editor {
  const element = document.createElement('div');
  document.body.append(element);
  editor = createEditor({ element, content, mergeFields });
  return editor;
}

describe('the report editor', () => {
  it('makes only documents the print crate can render, with Word’s formatting', () => {
    const e = mount({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Examen' }] }] });
    e.chain().selectAll().toggleBold().toggleUnderline().setTextAlign('center').run();
    e.chain().focus('end').setPageBreak().run();
    e.chain().focus('end').insertContent({ type: 'paragraph' }).insertTable({ rows: 2, cols: 2, withHeaderRow: true }).run();
    e.chain().focus('end').toggleHeading({ level: 2 }).insertContent('Conclusion').toggleBulletList().run();
    const doc = e.getJSON();
    for (const type of types(doc)) expect(PRINTED.has(type), type).toBe(true);
    expect(types(doc).has('pageBreak')).toBe(true);
    expect(types(doc).has('table')).toBe(true);
    const first = doc.content?.[0];
    expect(first?.attrs?.textAlign).toBe('center');
    expect(first?.content?.[0]?.marks?.map((m) => m.type).sort()).toEqual(['bold', 'underline']);
  });

  it('drops what it would not print (a quote, a link, a code block) when pasted', () => {
    const e = mount({ type: 'doc', content: [{ type: 'paragraph' }] });
    e.commands.setContent('<blockquote><p>cité</p></blockquote><pre><code>x</code></pre><p><a href="http://x">lien</a></p>');
    for (const type of types(e.getJSON())) expect(PRINTED.has(type), type).toBe(true);
    expect(plainText(e.getJSON())).toContain('lien');
  });

  it('keeps merge fields in templates as chips holding their field', () => {
    const e = mount({ type: 'doc', content: [{ type: 'paragraph' }] }, true);
    e.chain().focus().insertContent('Né le ').insertMergeField('patient.birthDate', 'Date de naissance').run();
    const paragraph = (e.getJSON() as DocJson).content?.[0];
    const chip = paragraph?.content?.find((n) => n.type === 'mergeField');
    expect(chip?.attrs?.field).toBe('patient.birthDate');
    expect(e.view.dom.querySelector('[data-merge-field]')?.textContent).toBe('Date de naissance');
  });

  it('asks the French spell checker to look at the text', () => {
    const e = mount({ type: 'doc', content: [{ type: 'paragraph' }] });
    expect(e.view.dom.getAttribute('spellcheck')).toBe('true');
    expect(e.view.dom.getAttribute('lang')).toBe('fr');
  });

  it('finds the snippet code typed just before the caret', () => {
    expect(wordBeforeCaret('Examen : ras')).toBe('ras');
    expect(wordBeforeCaret('auscultation.')).toBe('auscultation.');
    expect(wordBeforeCaret('fin ')).toBe('');
    expect(wordBeforeCaret('écg')).toBe('écg');
  });
});

describe('template fields left to complete', () => {
  const chip = (field: string, label: string, bold = false): DocJson => ({
    type: 'mergeField',
    attrs: { field, label, missing: true },
    ...(bold ? { marks: [{ type: 'bold' }] } : {}),
  });
  const body = (): DocJson => ({
    type: 'doc',
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: 'Adressée par ' }, chip('referrer.name', 'Médecin adresseur', true), { type: 'text', text: '.' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Copie : ' }, chip('gp.name', 'Médecin traitant'), { type: 'text', text: ' ; ' }, chip('referrer.name', 'Médecin adresseur')] },
    ],
  });

  it('lists each open field once, in order', () => {
    expect(openFields(body())).toEqual([
      { field: 'referrer.name', label: 'Médecin adresseur' },
      { field: 'gp.name', label: 'Médecin traitant' },
    ]);
    expect(openFields({ type: 'doc', content: [{ type: 'paragraph' }] })).toEqual([]);
  });

  it('puts the typed value in place of every chip of that field, keeping its formatting, in one undoable step', () => {
    const e = mount(body(), true);
    expect(completeField(e, 'referrer.name', '  Dr Paul Roux ')).toBe(2);
    const doc: DocJson = e.getJSON();
    expect(plainText(doc)).toContain('Adressée par Dr Paul Roux.');
    expect(plainText(doc)).toContain('; Dr Paul Roux');
    expect(openFields(doc)).toEqual([{ field: 'gp.name', label: 'Médecin traitant' }]);
    const bold = doc.content?.[0]?.content?.find((n: DocJson) => n.text === 'Dr Paul Roux');
    expect(bold?.marks).toEqual([{ type: 'bold' }]);
    // An empty value changes nothing.
    expect(completeField(e, 'gp.name', '   ')).toBe(0);
    expect(openFields(e.getJSON())).toHaveLength(1);
    e.commands.undo();
    expect(openFields(e.getJSON())).toHaveLength(2);
  });
});
