/**
 * Query/Retrieve information models and levels (PS3.4 C.3, C.6): which SOP class carries
 * C-FIND, C-MOVE and C-GET for a model, and which levels a model has.
 */
import { SopClass } from '../../dicom/uids.js';
import { QueryRetrieveError } from './errors.js';

/** PS3.4 C.6.1 (Patient Root) and C.6.2 (Study Root). Patient/Study Only is retired. */
export type InformationModel = 'STUDY_ROOT' | 'PATIENT_ROOT';
/** Query/Retrieve Level (0008,0052) values, PS3.4 C.4.1.1.3.1. */
export type QueryLevel = 'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE';
export type QrOperation = 'find' | 'move' | 'get';

export const QUERY_LEVELS: readonly QueryLevel[] = Object.freeze(['PATIENT', 'STUDY', 'SERIES', 'IMAGE']);

const SOP_CLASSES: Record<InformationModel, Record<QrOperation, string>> = {
  STUDY_ROOT: {
    find: SopClass.StudyRootQueryRetrieveInformationModelFind,
    move: SopClass.StudyRootQueryRetrieveInformationModelMove,
    get: SopClass.StudyRootQueryRetrieveInformationModelGet,
  },
  PATIENT_ROOT: {
    find: SopClass.PatientRootQueryRetrieveInformationModelFind,
    move: SopClass.PatientRootQueryRetrieveInformationModelMove,
    get: SopClass.PatientRootQueryRetrieveInformationModelGet,
  },
};

export function sopClassFor(model: InformationModel, operation: QrOperation): string {
  return SOP_CLASSES[model][operation];
}

/** The Study Root model has no PATIENT level (PS3.4 C.6.2.1); Patient Root has all four. */
export function checkLevel(model: InformationModel, level: QueryLevel): void {
  if (!QUERY_LEVELS.includes(level)) throw new QueryRetrieveError('BAD_QUERY', `Unknown query level '${String(level)}' (PATIENT, STUDY, SERIES or IMAGE)`);
  if (model === 'STUDY_ROOT' && level === 'PATIENT') {
    throw new QueryRetrieveError('BAD_QUERY', 'The Study Root model has no PATIENT level: use the Patient Root model, or query at STUDY level');
  }
}

export function isQueryLevel(v: string): v is QueryLevel {
  return (QUERY_LEVELS as readonly string[]).includes(v);
}
