// A use of the generated typescript-fetch client, compiled with `tsc --strict` by TypeScriptClientStrictCompileIT:
// the models keep the wire names (modelPropertyNaming=original) and the reshaped schemas have usable types. Only
// compiled, never run.
import {
  Configuration,
  IngestionsApi,
  QueriesApi,
  TablesApi,
  type Factura,
  type NullableDouble,
  type Pago,
  type Pedido,
  type Sesion,
} from '../../../target/generated-clients/typescript-fetch';

const configuration = new Configuration({ basePath: 'http://127.0.0.1:9001', apiKey: 'a key of 16 characters or more' });
const tables = new TablesApi(configuration);
const queries = new QueriesApi(configuration);
const ingestions = new IngestionsApi(configuration);

export async function pedidoIds(): Promise<number[]> {
  const ids: number[] = [];
  let nextToken: string | undefined;
  do {
    const page = await tables.listPedidos({ limit: 1000, nextToken });
    page.items.forEach((pedido: Pedido) => ids.push(pedido.id + 0 * pedido.usuario_id));
    nextToken = page.nextToken ?? undefined;
  } while (nextToken !== undefined);
  return ids;
}

export function rate(pago: Pago): NullableDouble | null {
  return pago.tasa_cambio;
}

export function lineas(factura: Factura): number {
  return Array.isArray(factura.lineas) ? factura.lineas.length : Object.keys(factura.lineas ?? {}).length;
}

export function device(sesion: Sesion): string {
  const dispositivo: { [key: string]: any } | null = sesion.dispositivo;
  return sesion._id + JSON.stringify(dispositivo ?? {});
}

export async function ingestAndQuery(): Promise<string> {
  const accepted = await ingestions.startIngestion({ ingestionRequest: { source: 'ms1', mode: 'full' } });
  const run = await ingestions.getIngestion({ runId: accepted.runId });
  const execution = await queries.submitQuery({ queryRequest: { sql: 'SELECT 1' } });
  const results = await queries.getQueryResults({ queryId: execution.id, limit: 10 });
  return run.state + results.rows.length;
}
