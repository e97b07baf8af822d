/**
 * Common CT window presets (centre/width in HU). These are conventions, not part of the
 * standard; the values are the ones most viewers ship (e.g. Weasis, OHIF, Horos).
 */
export interface VoiPreset {
  readonly name: string;
  readonly modality: string;
  readonly center: number;
  readonly width: number;
}

export const VOI_PRESETS: readonly VoiPreset[] = [
  { name: 'CT Brain', modality: 'CT', center: 40, width: 80 },
  { name: 'CT Subdural', modality: 'CT', center: 75, width: 215 },
  { name: 'CT Stroke', modality: 'CT', center: 40, width: 40 },
  { name: 'CT Lung', modality: 'CT', center: -600, width: 1500 },
  { name: 'CT Mediastinum', modality: 'CT', center: 50, width: 350 },
  { name: 'CT Abdomen', modality: 'CT', center: 40, width: 400 },
  { name: 'CT Liver', modality: 'CT', center: 60, width: 150 },
  { name: 'CT Bone', modality: 'CT', center: 400, width: 1800 },
  { name: 'CT Spine', modality: 'CT', center: 50, width: 250 },
  { name: 'CT Temporal Bone', modality: 'CT', center: 600, width: 2800 },
];

/** Case-insensitive lookup; 'lung' and 'CT Lung' both match. */
export function findVoiPreset(name: string): VoiPreset | undefined {
  const n = name.trim().toLowerCase();
  return VOI_PRESETS.find((p) => p.name.toLowerCase() === n || p.name.toLowerCase() === `ct ${n}`);
}
