/** A column of <DataTable>: `key` is handed to the cell snippet to say which cell to draw. */
export interface Column {
  key: string;
  label: string;
  align?: 'left' | 'right' | 'center';
  width?: string;
  /** Left out below 760 px, where the table would otherwise scroll sideways. */
  hideOnPhone?: boolean;
}
