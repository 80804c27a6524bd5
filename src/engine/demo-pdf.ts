/**
 * A full text for a demo report: a two-page article PDF, generated (real ones cannot be
 * shipped) and marked as synthetic on every page, whose text says what the charting form asks
 * (design, sample, severity, methods, findings), so a quote can be selected beside each value.
 */
import type { DemoStudy } from './demo-studies';
import { demoDoi } from './demo-studies';
import { writePdf } from './report/render';

const FIXED_DATE = new Date(Date.UTC(2026, 9, 1));

export function demoArticlePdf(study: DemoStudy): Promise<Uint8Array> {
  return writePdf(
    {
      size: 'A4',
      margin: 64,
      title: study.title,
      date: FIXED_DATE,
      info: {
        Author: study.authors.map((a) => `${a.given} ${a.family}`).join(', '),
        Subject: 'SYNTHETIC article generated for the ReviewBench demo; not a real study',
      },
    },
    (doc) => draw(doc, study),
  );
}

function draw(doc: PDFKit.PDFDocument, study: DemoStudy): void {
  const c = study.chart!;
  const banner = () =>
    doc
      .font('bold')
      .fontSize(8)
      .fillColor('#a33')
      .text('SYNTHETIC ARTICLE generated for the ReviewBench demo. Not a real study.', {
        align: 'center',
      })
      .moveDown(1)
      .fillColor('#000');
  const heading = (text: string) =>
    doc.moveDown(0.6).font('bold').fontSize(11).text(text).moveDown(0.2);
  const para = (text: string) => doc.font('regular').fontSize(10).text(text, { align: 'justify' });

  banner();
  doc
    .font('regular')
    .fontSize(9)
    .text(
      `${study.journal.full} ${study.year};${study.volume}(${study.issue}):${study.firstPage}-${study.lastPage}. doi:${demoDoi(study.key)}`,
    );
  doc.moveDown(0.8).font('bold').fontSize(15).text(study.title);
  doc
    .moveDown(0.4)
    .font('regular')
    .fontSize(10)
    .text(study.authors.map((a) => `${a.given} ${a.family}`).join(', '));
  heading('Abstract');
  para(study.abstract);
  heading('Methods');
  para(methodsText(c));
  doc.addPage();
  banner();
  heading('Results');
  para(
    `${c.key_findings} The association of contralesional M1 with upper-limb recovery: ${c.direction.toLowerCase()}.`,
  );
  heading('Discussion');
  para(`${roleSentence(c)} All values in this article are invented for software demonstration.`);
}

type Charted = NonNullable<DemoStudy['chart']>;

const designSentence = (c: Charted) => `Design: ${c.design.toLowerCase()}.`;
const sampleSentence = (c: Charted) =>
  `We studied ${
    c.species === 'Animal'
      ? `${c.sample_size} ${c.animal_model === 'Mouse' ? 'mice' : 'rats'} with experimental stroke`
      : `${c.sample_size} adults after stroke`
  } in the ${c.stroke_phase.join(' and ').toLowerCase()} phase.`;
const severitySentence = (c: Charted) =>
  `Upper-limb impairment was ${c.severity_band.toLowerCase()}, graded with ${c.severity_measure}.`;
const roleSentence = (c: Charted) =>
  `In ${c.severity_band.toLowerCase()} impairment the contralesional primary motor cortex appeared ${c.role === 'Compensatory' ? 'compensatory' : c.role === 'Task-dependent' ? 'engaged depending on the task' : 'inhibitory'}.`;

function methodsText(c: Charted): string {
  return `${designSentence(c)} ${sampleSentence(c)} ${severitySentence(c)} Contralesional M1 was probed with ${c.methods.join(' and ')} during ${c.task.join(' and ').toLowerCase()} tasks${c.stimulation_effect ? `; stimulation over contralesional M1 was ${c.stimulation_effect.toLowerCase()}` : ''}. Outcomes: ${c.outcome_measures.join(', ')}.`;
}

/**
 * The sentences of a demo article that support its charted values, by field, with the page
 * each is printed on (Methods on page 1, Results and Discussion on page 2): what an extractor
 * selects in the viewer to quote beside the value.
 */
export function demoArticleQuotes(
  study: DemoStudy,
): { fieldId: string; page: number; text: string }[] {
  const c = study.chart!;
  return [
    { fieldId: 'design', page: 1, text: designSentence(c) },
    { fieldId: 'sample_size', page: 1, text: sampleSentence(c) },
    { fieldId: 'severity_band', page: 1, text: severitySentence(c) },
    { fieldId: 'key_findings', page: 2, text: c.key_findings },
    { fieldId: 'role', page: 2, text: roleSentence(c) },
  ];
}
