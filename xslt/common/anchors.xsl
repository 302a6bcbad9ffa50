<?xml version="1.0" encoding="UTF-8"?>
<!--
  Anchors for the site's registers, chronology and archival files: the id a marked name, a date
  or a decimal file number carries on its unit's page. html.xsl puts the ids on the page and
  site.xsl links to them, so both take them from here. Each id is made from what is marked and
  how many of the same came before it in its unit (counted by accumulators, never by scanning
  back), so it is unique on every page, stays put when other units change, and is the same
  whether a volume is transformed whole or in parts.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:editio="urn:editio"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  exclude-result-prefixes="#all">

  <!-- The record a name points to, as written (the first local pointer of @ref, else of @corresp; one into another document when the run found records elsewhere). -->
  <xsl:function name="editio:pointer-id" as="xs:string?">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="pointers" select="tokenize(normalize-space(($name/@ref, $name/@corresp)[1]), ' ')"/>
    <xsl:sequence select="($pointers[starts-with(., '#')], $pointers[contains(., '#')][exists($editio:supplement)])[1] ! substring-after(., '#')"/>
  </xsl:function>

  <!-- A dated element's first value: what the chronology sorts by and the anchor is named after. -->
  <xsl:function name="editio:date-key" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="normalize-space(($date/@when, $date/@notBefore, $date/@from, $date/@notAfter, $date/@to)[1])"/>
  </xsl:function>

  <xsl:function name="editio:file-key" as="xs:string">
    <xsl:param name="idno" as="element(tei:idno)"/>
    <xsl:sequence select="normalize-space(($idno/@n, $idno)[1])"/>
  </xsl:function>

  <!-- One counter per unit and what the anchor is named after. -->
  <xsl:accumulator name="editio:anchors" as="map(xs:string, xs:integer)" initial-value="map {}">
    <xsl:accumulator-rule match="tei:persName[@ref or @corresp] | tei:placeName[@ref or @corresp] | tei:orgName[@ref or @corresp] | tei:rs[@ref or @corresp] | tei:name[@ref or @corresp]
      | tei:date[@when or @notBefore or @notAfter or @from or @to] | tei:idno[@type = 'decimal-file']"
      select="editio:count($value, editio:counter-key(.))"/>
  </xsl:accumulator>

  <!-- What an anchor is named after: "m-gromyko-andrei", "date-1944-09-27", "file-724.61/2". -->
  <xsl:function name="editio:anchor-key" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="
      if ($element/self::tei:date) then 'date-' || editio:date-key($element)
      else if ($element/self::tei:idno) then 'file-' || editio:file-key($element)
      else 'm-' || editio:pointer-id($element)"/>
  </xsl:function>

  <!-- The same, counted within its unit ("ch6 m-gromyko-andrei"); the text outside units is a unit of its own. -->
  <xsl:function name="editio:counter-key" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="string(editio:unit-of($element)/@xml:id) || ' ' || editio:anchor-key($element)"/>
  </xsl:function>

  <xsl:function name="editio:count" as="map(xs:string, xs:integer)">
    <xsl:param name="counts" as="map(xs:string, xs:integer)"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="map:put($counts, $key, ($counts($key), 0)[1] + 1)"/>
  </xsl:function>

  <!-- "m-gromyko-andrei-2": the second mention of that record; "date-1944-09-27"; "file-724_61_9_2744". An xml:id wins. -->
  <xsl:function name="editio:anchor" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <!-- The value after the rule for the element itself: it counts itself. -->
    <xsl:variable name="n" select="$element/accumulator-before('editio:anchors')(editio:counter-key($element))"/>
    <xsl:sequence select="($element/@xml:id, editio:safe-id(editio:anchor-key($element)) || (if ($n gt 1) then '-' || $n else ''))[1]"/>
  </xsl:function>

  <!-- Whether a name, date or file number gets an anchor (and so an entry in the site's lists). -->
  <xsl:function name="editio:is-anchored" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="empty($element/ancestor::tei:teiHeader | $element/ancestor::tei:standOff) and (
      if ($element/self::tei:date) then editio:date-key($element) ne ''
      else if ($element/self::tei:idno) then $element/@type = 'decimal-file' and editio:file-key($element) ne ''
      else exists(editio:records($element)))"/>
  </xsl:function>

  <!-- The site's register page of a record's kind, from a unit's page (one folder down). -->
  <xsl:function name="editio:register-href" as="xs:string">
    <xsl:param name="record" as="element()"/>
    <xsl:sequence select="'../' || map { 'person': 'persons', 'place': 'places', 'organisation': 'organisations' }(editio:record-kind($record)) || '.html#' || $record/@xml:id"/>
  </xsl:function>
</xsl:stylesheet>
