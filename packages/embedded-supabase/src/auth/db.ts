import type postgres from 'postgres';

/** A pool or a transaction: query functions take it first so the scope is visible. */
export type Db = postgres.Sql | postgres.TransactionSql;

export type Json = Record<string, unknown>;
