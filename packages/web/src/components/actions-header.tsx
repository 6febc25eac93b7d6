/**
 * The header cell over a table's row buttons: empty to the eye, named for screen readers.
 */

/** ```tsx
 * <tr><th scope="col">Name</th><ActionsHeader /></tr>
 * ``` */
export function ActionsHeader() {
  return (
    <th scope="col">
      <span className="sr-only">Actions</span>
    </th>
  );
}
