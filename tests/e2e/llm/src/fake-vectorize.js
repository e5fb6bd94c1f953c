// An object with a Vectorize index binding's interface (no local binding exists offline):
// query(vector, options?) and queryById(id, options?) answer { count, matches: [{ id, score,
// values?, metadata? }] } with topK matches, values and metadata only when asked for; insert,
// upsert and deleteByIds answer { mutationId }; getByIds answers the stored vectors; describe()
// the index. A vector of the wrong size rejects as the binding does.
const DOCS = [
  { id: 'doc-7', values: [0.1, 0.2, 0.3], metadata: { text: 'edgespan buffers spans and flushes them in waitUntil.', source: 'docs' } },
  { id: 'doc-2', values: [0.3, 0.1, 0.0], metadata: { text: 'Workers isolates have no background threads.', source: 'blog' } },
  { id: 'doc-9', values: [0.0, 0.0, 1.0], metadata: { source: 'faq' } },
];

export class FakeVectorize {
  #n = 0;

  async describe() {
    return { id: 'idx-1', name: 'docs', config: { dimensions: 3, metric: 'cosine' }, vectorsCount: DOCS.length };
  }

  async query(vector, options = {}) {
    if (!vector || vector.length !== 3) throw new Error('VECTOR_QUERY_ERROR (code = 40006): invalid query vector, expected 3 dimensions, and got ' + (vector?.length ?? 0));
    return this.#answer(options);
  }

  async queryById(id, options = {}) {
    if (!DOCS.some((d) => d.id === id)) return { count: 0, matches: [] };
    return this.#answer(options);
  }

  #answer({ topK = 5, returnValues = false, returnMetadata = 'none', namespace } = {}) {
    const matches = DOCS.slice(0, topK).map((d, i) => ({
      id: d.id,
      score: 0.9 - i * 0.1,
      ...(returnValues ? { values: d.values } : {}),
      ...(returnMetadata === 'all' || returnMetadata === true ? { metadata: d.metadata } : {}),
      ...(namespace ? { namespace } : {}),
    }));
    return { count: matches.length, matches };
  }

  async insert(vectors) {
    return { mutationId: `m-${++this.#n}`, count: vectors.length };
  }

  async upsert(vectors) {
    return { mutationId: `m-${++this.#n}`, count: vectors.length };
  }

  async getByIds(ids) {
    return DOCS.filter((d) => ids.includes(d.id));
  }

  async deleteByIds(ids) {
    return { mutationId: `m-${++this.#n}`, count: ids.length };
  }
}
