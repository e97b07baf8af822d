/**
 * C-FIND SCU (PS3.4 C.4.1): search a PACS at PATIENT, STUDY, SERIES or IMAGE level in the
 * Study Root or Patient Root model. Each pending response carries one match, decoded as it
 * arrives (onMatch) in the character set the PACS answered in. A result limit and the
 * user's Stop both end the search with C-CANCEL (PS3.7 9.3.2.3).
 */
import { associate } from '../../network/associate.js';
import { cFindRq } from '../../network/dimse/messages.js';
import type { StatusInfo } from '../../network/dimse/status.js';
import type { NegotiatedContext } from '../../network/negotiation/requestor.js';
import { sopClassFor, type InformationModel } from './information-model.js';
import { buildFindIdentifier, type FindQuery } from './query-keys.js';
import { decodeFindMatch, type FindMatch } from './find-match.js';
import { QrSession } from './qr-session.js';
import { queryProposals } from './proposals.js';
import { requireContext, type PacsConnection } from './connection.js';

export interface FindOptions extends PacsConnection {
  query: FindQuery;
  model?: InformationModel | undefined;
  /** Specific Character Set for text keys ('auto' by default, see query-keys.ts). */
  characterSet?: string | undefined;
  /** Stop (C-CANCEL) once this many matches have arrived. */
  limit?: number | undefined;
  /** Abort = the user pressed Stop: C-CANCEL, keep the matches so far. */
  signal?: AbortSignal | undefined;
  onMatch?: ((match: FindMatch, index: number) => void) | undefined;
  cancelGraceMs?: number | undefined;
  /** Per response, ms (default: the config's DIMSE timeout). */
  timeoutMs?: number | undefined;
}

export interface FindResult {
  matches: FindMatch[];
  /** The final status (success, cancel, or a failure in words); absent after an unanswered cancel. */
  status?: StatusInfo;
  /** Error Comment of a failure response, when the PACS gave one. */
  errorComment?: string;
  cancelled: boolean;
  limitReached: boolean;
  elapsedMs: number;
}

/** A search on its own association: associate, C-FIND, release. Network failures throw (typed DicomError). */
export async function findScu(opts: FindOptions): Promise<FindResult> {
  const model = opts.model ?? 'STUDY_ROOT';
  // Check the query before touching the network: a bad date is the user's to fix, not the PACS's.
  buildFindIdentifier(opts.query, { model, characterSet: opts.characterSet });
  const association = await associate({
    host: opts.host, port: opts.port, calledAeTitle: opts.calledAeTitle, callingAeTitle: opts.callingAeTitle,
    proposals: queryProposals(model, { find: true }),
    ...(opts.config ? { config: opts.config } : {}), ...(opts.trace ? { trace: opts.trace } : {}),
  });
  const session = new QrSession(association);
  try {
    const ctx = requireContext(association, sopClassFor(model, 'find'), `the ${model === 'STUDY_ROOT' ? 'Study' : 'Patient'} Root C-FIND`);
    return await findOnSession(session, ctx, { ...opts, model });
  } finally {
    await session.close();
  }
}

/** C-FIND on an open Q/R session (the retrieve lists a study's series this way on its own association). */
export async function findOnSession(session: QrSession, ctx: NegotiatedContext,
  opts: Omit<FindOptions, keyof PacsConnection> & { model: InformationModel }): Promise<FindResult> {
  const started = performance.now();
  const identifier = buildFindIdentifier(opts.query, { model: opts.model, characterSet: opts.characterSet }).encode(ctx.transferSyntax);
  const matches: FindMatch[] = [];
  let limitReached = false;
  const limit = opts.limit !== undefined && opts.limit > 0 ? Math.floor(opts.limit) : undefined;
  const outcome = await session.request(cFindRq({ messageId: 0, affectedSopClassUid: ctx.abstractSyntax, dataset: identifier }), {
    presentationContextId: ctx.id,
    service: 'query-retrieve-find',
    signal: opts.signal,
    cancelGraceMs: opts.cancelGraceMs,
    timeoutMs: opts.timeoutMs,
    onPending: (rsp, control) => {
      // Matches that cross our C-CANCEL on the wire are not wanted any more.
      if (limitReached || opts.signal?.aborted) return;
      if (!rsp.dataset) return; // a pending C-FIND-RSP without Identifier: nothing to show (PS3.7 9.1.2.1.5 requires one)
      let decoded: FindMatch;
      try {
        decoded = decodeFindMatch(rsp.dataset, ctx.transferSyntax).match;
      } catch (err) {
        decoded = { level: opts.query.level, warnings: [`unreadable match: ${err instanceof Error ? err.message : String(err)}`] };
      }
      matches.push(decoded);
      opts.onMatch?.(decoded, matches.length - 1);
      if (limit !== undefined && matches.length >= limit) {
        limitReached = true;
        control.cancel();
      }
    },
  });
  const result: FindResult = {
    matches,
    cancelled: outcome.cancelSent && !limitReached,
    limitReached,
    elapsedMs: Math.round(performance.now() - started),
  };
  if (outcome.response) {
    result.status = outcome.response.status;
    const comment = outcome.response.command.errorComment;
    if (comment) result.errorComment = comment;
  }
  return result;
}

