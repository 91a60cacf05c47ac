import { MemoryStore } from '../src/store/memory-store.js';
import { describeStoreConformance } from './support/store-conformance.js';

describeStoreConformance('MemoryStore', async () => ({ store: new MemoryStore() }), { durable: false });
