// The item types live in src/shared (the window needs them too); the model keeps exporting them from here.
export { ITEM_ID_PATTERN, type ChecklistItem, type ItemCheck, type ItemSource } from '../shared/checklist-types'
