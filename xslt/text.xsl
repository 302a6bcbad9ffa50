<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI to plain text: the reading text, paragraphs separated by blank lines, "[Page 171]" where
  the page turns, footnote numbers where the markers stand and the notes after the text.
  Unicode normalisation and wrapping (editio render -width) are done by the caller.

  Initial template "editio:pages": one xsl:result-document per citable unit ("{id}.txt"), as
  html.xsl does; "editio:whole": the whole text.

  A critical edition gives the text of the reading chosen by editio:reading (the lemmata, or one
  witness's readings). With editio:apparatus, the reading text marks each apparatus entry with
  a superscript number in parentheses and the apparatus follows the notes.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:frus="http://history.state.gov/frus/ns/1.0"
  xmlns:editio="urn:editio"
  exclude-result-prefixes="#all">

  <xsl:import href="common/functions.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- Whether the reading text carries its apparatus: entry markers in the text, the entries after it. -->
  <xsl:param name="editio:apparatus" as="xs:boolean" select="false()"/>
  <xsl:mode use-accumulators="#all"/>
  <xsl:mode name="inline" use-accumulators="#all"/>

  <xsl:template name="editio:pages">
    <xsl:for-each select="editio:scopes(.)">
      <xsl:result-document href="{editio:page-name(.)}.txt">
        <xsl:value-of select="editio:page(., true())"/>
      </xsl:result-document>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="editio:whole">
    <xsl:value-of select="editio:page(/tei:TEI/tei:text, false())"/>
  </xsl:template>

  <!-- A page of text: its paragraphs, then its footnotes as endnotes. -->
  <xsl:function name="editio:page" as="xs:string">
    <xsl:param name="scope" as="element()"/>
    <xsl:param name="split" as="xs:boolean"/>
    <xsl:variable name="paragraphs" as="xs:string*">
      <xsl:apply-templates select="$scope" mode="blocks">
        <xsl:with-param name="scope" select="$scope" tunnel="yes"/>
        <xsl:with-param name="split" select="$split" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:variable name="notes" as="xs:string*">
      <xsl:for-each select="editio:footnotes-of($scope, $split)">
        <xsl:variable name="body" as="xs:string*">
          <xsl:apply-templates select="node()" mode="inline">
            <xsl:with-param name="scope" select="$scope" tunnel="yes"/>
            <xsl:with-param name="split" select="$split" tunnel="yes"/>
            <xsl:with-param name="in-note" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:variable>
        <xsl:sequence select="'  ' || editio:note-label(.) || '. ' || normalize-space(string-join($body))"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="apparatus" select="if ($editio:apparatus and $editio:reading = 'lem') then editio:apparatus($scope, $split) else ()"/>
    <xsl:sequence select="string-join(($paragraphs[normalize-space()], if (exists($notes)) then string-join($notes, '&#10;') else (), $apparatus), '&#10;&#10;') || '&#10;'"/>
  </xsl:function>

  <!-- ============ the apparatus criticus ============ -->

  <!-- Its heading, the sigla with their witnesses, then one line per entry: "  (3) residing here] om. B". -->
  <xsl:function name="editio:apparatus" as="xs:string*">
    <xsl:param name="scope" as="element()"/>
    <xsl:param name="split" as="xs:boolean"/>
    <xsl:variable name="apps" select="editio:apparatus-of($scope, $split)"/>
    <xsl:if test="exists($apps)">
      <xsl:sequence select="'Apparatus criticus'"/>
      <xsl:variable name="witnesses" select="editio:witnesses($scope)"/>
      <xsl:if test="exists($witnesses)">
        <xsl:sequence select="string-join($witnesses ! (editio:siglum(.) || ': ' || editio:witness-description(.)), '&#10;')"/>
      </xsl:if>
      <xsl:sequence select="string-join($apps ! ('  (' || editio:app-number(.) || ') ' || editio:entry-text(.)), '&#10;')"/>
    </xsl:if>
  </xsl:function>

  <!-- An entry: "lemma A] reading B; om. C (homeoteleuton) — note". -->
  <xsl:function name="editio:entry-text" as="xs:string">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:variable name="parts" select="editio:entry-parts($app)"/>
    <xsl:variable name="lemma" select="$parts[?part = 'lemma'] ! (editio:reading-text(?reading) || editio:after-reading(.) || ']')"/>
    <xsl:variable name="variants" select="$parts[?part = 'variant'] ! (string-join((?kind[.], if (?kind = 'om.') then () else editio:reading-text(?reading)), ' ') || editio:after-reading(.))"/>
    <xsl:variable name="notes" select="$parts[?part = 'note'] ! (' — ' || editio:inline-text(?note))"/>
    <xsl:sequence select="string-join(($lemma, string-join($variants, '; ')[.]), ' ') || string-join($notes)"/>
  </xsl:function>

  <!-- A reading as the apparatus quotes it, without the anchors of the reading text. -->
  <xsl:function name="editio:reading-text" as="xs:string">
    <xsl:param name="reading" as="element()"/>
    <xsl:variable name="text" as="xs:string*">
      <xsl:apply-templates select="$reading/node()" mode="inline"><xsl:with-param name="copy" select="true()" tunnel="yes"/></xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($text))"/>
  </xsl:function>

  <!-- After a reading in an entry: its sigla, then its qualifiers in parentheses. -->
  <xsl:function name="editio:after-reading" as="xs:string">
    <xsl:param name="part" as="map(xs:string, item()*)"/>
    <xsl:sequence select="string-join(($part?witnesses ! (' ' || editio:siglum-of(., $part?reading)), $part?qualifiers ! (' (' || . || ')')))"/>
  </xsl:function>

  <!-- In the reading text: the reading shown, and with the apparatus a marker "⁽³⁾" (footnote markers are bare figures). -->
  <xsl:template match="tei:app" mode="inline">
    <xsl:param name="copy" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:apply-templates select="editio:shown-reading(.)/node()" mode="inline"/>
    <xsl:if test="$editio:apparatus and $editio:reading = 'lem' and not($copy) and empty(ancestor::tei:app)">
      <xsl:sequence select="'⁽' || translate(editio:app-number(.), '0123456789', '⁰¹²³⁴⁵⁶⁷⁸⁹') || '⁾'"/>
    </xsl:if>
  </xsl:template>

  <!-- ============ blocks: each yields its paragraphs as strings ============ -->

  <!-- A block's children: runs of inline content become paragraphs, blocks inside speak for themselves. -->
  <xsl:template match="*" mode="blocks">
    <xsl:param name="split" as="xs:boolean" tunnel="yes"/>
    <xsl:param name="scope" as="element()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$split and self::tei:div and editio:is-unit(.) and not(. is $scope)"/>
      <xsl:when test="not(editio:known-here(.))"><xsl:call-template name="editio:unsupported"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="editio:paragraphs"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="editio:paragraphs">
    <xsl:param name="prefix" as="xs:string" select="''"/>
    <!-- Text is never a block: most nodes are text, and a function call costs more than the test. -->
    <xsl:for-each-group select="node()" group-adjacent=". instance of element() and editio:is-block(.)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:apply-templates select="current-group()" mode="blocks"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="text" as="xs:string*"><xsl:apply-templates select="current-group()" mode="inline"/></xsl:variable>
          <xsl:sequence select="normalize-space(string-join($text))[.] ! ((if (position() = 1) then $prefix else '') || .)"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile | tei:fw" mode="blocks inline"/>

  <!-- A page break before any text is where the text starts, not a page turn: print shows no marker there. -->
  <xsl:template match="tei:pb" mode="blocks">
    <xsl:if test="accumulator-before('editio:text-begun')">
      <xsl:sequence select="editio:page-label(.)"/>
    </xsl:if>
  </xsl:template>

  <!-- List items with their FRUS labels ("a) …"); the labels themselves are not items. -->
  <xsl:template match="tei:list" mode="blocks">
    <xsl:apply-templates select="tei:head" mode="blocks"/>
    <xsl:for-each select="tei:item">
      <xsl:variable name="label" select="preceding-sibling::*[1][self::tei:label][normalize-space()]"/>
      <xsl:variable name="label-text" as="xs:string*"><xsl:apply-templates select="$label/node()" mode="inline"/></xsl:variable>
      <xsl:variable name="prefix" select="if ($label) then normalize-space(string-join($label-text)) || ' ' else if (../@type = 'ordered') then position() || '. ' else '– '"/>
      <!-- An item that opens with a block (a list in a list) has its label on a line of its own. -->
      <xsl:variable name="first" select="(node()[not(self::text()[not(normalize-space())])])[1]"/>
      <xsl:variable name="opens-with-block" select="exists($first) and editio:is-block($first)"/>
      <xsl:if test="$opens-with-block"><xsl:sequence select="normalize-space($prefix)"/></xsl:if>
      <xsl:call-template name="editio:paragraphs">
        <xsl:with-param name="prefix" select="if ($opens-with-block) then '' else $prefix"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- A table as one block: a line per row, cells separated by " | ". -->
  <xsl:template match="tei:table" mode="blocks">
    <xsl:apply-templates select="tei:head" mode="blocks"/>
    <xsl:sequence select="string-join(tei:row ! string-join(tei:cell ! editio:inline-text(.), ' | '), '&#10;')"/>
  </xsl:template>

  <!-- Verse keeps its lines; a stanza inside a poem is a block of its own. -->
  <xsl:template match="tei:lg" mode="blocks">
    <xsl:for-each-group select="*" group-adjacent="exists(self::tei:l)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()"><xsl:sequence select="string-join(current-group() ! editio:inline-text(.), '&#10;')"/></xsl:when>
        <xsl:otherwise><xsl:apply-templates select="current-group()" mode="blocks"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template match="tei:figure" mode="blocks">
    <xsl:call-template name="editio:paragraphs"/>
  </xsl:template>

  <xsl:function name="editio:inline-text" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="text" as="xs:string*"><xsl:apply-templates select="$element/node()" mode="inline"/></xsl:variable>
    <xsl:sequence select="normalize-space(string-join($text))"/>
  </xsl:function>

  <!-- ============ inline: each yields text ============ -->

  <xsl:template match="text()" mode="inline">
    <xsl:sequence select="string(.)"/>
  </xsl:template>

  <xsl:template match="tei:note[editio:is-footnote(.)]" mode="inline">
    <xsl:param name="in-note" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:param name="copy" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <!-- A reading quoted in the apparatus repeats no note markers. -->
      <xsl:when test="$copy"/>
      <xsl:when test="$in-note">
        <xsl:variable name="body" as="xs:string*"><xsl:apply-templates mode="inline"/></xsl:variable>
        <xsl:sequence select="' [' || normalize-space(string-join($body)) || ']'"/>
      </xsl:when>
      <!-- Superscript figures, as in print: a plain "1" after "306" would read as "3061". -->
      <xsl:otherwise>
        <xsl:variable name="label" select="editio:note-label(.)"/>
        <xsl:sequence select="if (matches($label, '^[0-9]+$')) then translate($label, '0123456789', '⁰¹²³⁴⁵⁶⁷⁸⁹') else '[' || $label || ']'"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:pb" mode="inline">
    <xsl:sequence select="' ' || editio:page-label(.) || ' '"/>
  </xsl:template>
  <xsl:template match="tei:lb" mode="inline"><xsl:sequence select="if (@break = 'no') then '' else ' '"/></xsl:template>
  <xsl:template match="tei:milestone | tei:figDesc | tei:graphic | tei:anchor | tei:index | tei:interpGrp | tei:link | tei:linkGrp" mode="inline"/>

  <xsl:template match="tei:choice" mode="inline">
    <xsl:apply-templates select="editio:reading(.)" mode="inline"/>
  </xsl:template>
  <!-- A correction as FRUS prints it: "11 [8] p.m.". -->
  <xsl:template match="tei:choice[editio:is-correction(.)]" mode="inline" priority="1">
    <xsl:apply-templates select="tei:sic/node()" mode="inline"/>
    <xsl:sequence select="' ['"/><xsl:apply-templates select="tei:corr/node()" mode="inline"/><xsl:sequence select="']'"/>
  </xsl:template>
  <xsl:template match="tei:supplied" mode="inline">
    <xsl:sequence select="'['"/><xsl:apply-templates mode="inline"/><xsl:sequence select="']'"/>
  </xsl:template>
  <xsl:template match="tei:surplus" mode="inline">
    <xsl:sequence select="'{'"/><xsl:apply-templates mode="inline"/><xsl:sequence select="'}'"/>
  </xsl:template>
  <xsl:template match="tei:unclear" mode="inline">
    <xsl:apply-templates mode="inline"/><xsl:sequence select="'[?]'"/>
  </xsl:template>
  <xsl:template match="tei:gap" mode="inline"><xsl:sequence select="editio:gap-label(.)"/></xsl:template>
  <!-- The reading text gives the text as it came to stand: deletions left out, additions in. -->
  <xsl:template match="tei:del" mode="inline"/>

  <!-- A list item's label is printed with its item. -->
  <xsl:template match="tei:list/tei:label" mode="inline blocks"/>

  <xsl:template match="tei:ptr" mode="inline">
    <xsl:sequence select="(tokenize(normalize-space(@target), ' ') ! editio:resolve-pointer(., current())?url)[1]"/>
  </xsl:template>

  <!-- Inside a paragraph, a block element still reads as text. -->
  <xsl:template match="*" mode="inline">
    <xsl:if test="not(editio:known-here(.))"><xsl:message select="'unsupported-element ' || name()"/></xsl:if>
    <xsl:variable name="apart" select="if (editio:is-block(.)) then ' ' else ''"/>
    <xsl:sequence select="$apart"/>
    <xsl:apply-templates mode="inline"/>
    <xsl:sequence select="$apart"/>
  </xsl:template>

  <!-- ============ elements editio does not know ============ -->

  <!-- Elements this stylesheet renders on purpose: the known inline elements and the listed blocks. -->
  <xsl:function name="editio:known-here" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="editio:is-known($element) or editio:is-listed-block($element)"/>
  </xsl:function>

  <!-- Their text is kept, and the build says once per name that they were met. -->
  <xsl:template name="editio:unsupported">
    <xsl:message select="'unsupported-element ' || name()"/>
    <xsl:call-template name="editio:paragraphs"/>
  </xsl:template>
</xsl:stylesheet>
