// The module of a wrapped binding, as workerd builds a Vectorize index binding: its default export
// takes the binding's inner bindings and returns the object the Worker sees as env.DOCS.
import { FakeVectorize } from '../../llm/src/fake-vectorize.js';

export default function makeBinding() {
  return new FakeVectorize();
}
