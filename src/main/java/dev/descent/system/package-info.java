/** Cross-cutting web and runtime configuration: problem details, paging, executor and properties. */
package dev.descent.system;
