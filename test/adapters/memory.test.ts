import { MemoryEventStore } from '../../adapters/memory/memory-event-store.ts';
import { MemoryRealtimeStore } from '../../adapters/memory/memory-realtime-store.ts';
import { eventStoreContract } from '../contracts/event-store.contract.ts';
import { realtimeStoreContract } from '../contracts/realtime-store.contract.ts';

eventStoreContract('memory', async () => ({ store: new MemoryEventStore(), close: async () => {} }));
realtimeStoreContract('memory', async () => ({ store: new MemoryRealtimeStore(), close: async () => {} }));
